package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java code block in README.md and docs/ compiles: each is preceded by {@code <!-- snippet:
 * Name -->} and must equal the region {@code // snippet: Name} ... {@code // end snippet} of
 * compiled code in this module (indentation aside).
 */
class DocsSnippetsTest {

  private static final Path ROOT = Path.of("..");
  private static final Path SOURCES = Path.of("src/main/java");

  @Test
  void everyJavaBlockInTheDocsIsCompiledCode() throws IOException {
    Map<String, String> snippets = snippets();
    List<String> problems = new ArrayList<>();
    java.util.Set<String> used = new java.util.TreeSet<>();
    for (Path doc : docs()) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).trim().equals("```java")) {
          continue;
        }
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).trim().equals("```")) {
          end++;
        }
        String block = normalize(lines.subList(i + 1, end));
        String marker = i > 0 ? lines.get(i - 1).trim() : "";
        String where = ROOT.relativize(doc) + ":" + (i + 1);
        if (!marker.startsWith("<!-- snippet: ") || !marker.endsWith(" -->")) {
          problems.add(where + ": java block without a <!-- snippet: Name --> marker");
        } else {
          String name = marker.substring("<!-- snippet: ".length(), marker.length() - " -->".length());
          used.add(name);
          String code = snippets.get(name);
          if (code == null) {
            problems.add(where + ": no snippet named " + name + " in " + SOURCES);
          } else if (!code.equals(block)) {
            problems.add(where + ": differs from snippet " + name + "\n--- docs\n" + block + "\n--- code\n" + code);
          }
        }
        i = end;
      }
    }
    assertThat(problems).isEmpty();
    // No orphan snippets either: the docs and the compiled code describe the same set.
    assertThat(used).isEqualTo(new java.util.TreeSet<>(snippets.keySet())).isNotEmpty();
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      docs.addAll(files.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
    }
    return docs;
  }

  static Map<String, String> snippets() throws IOException {
    Map<String, String> snippets = new LinkedHashMap<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.startsWith("// snippet: ")) {
          String name = line.substring("// snippet: ".length());
          int end = i + 1;
          while (!lines.get(end).trim().equals("// end snippet")) {
            end++;
          }
          snippets.put(name, normalize(lines.subList(i + 1, end)));
          i = end;
        }
      }
    }
    return snippets;
  }

  /** Drops the common indentation and trailing blanks. */
  static String normalize(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    int common = indent == Integer.MAX_VALUE ? 0 : indent;
    return lines.stream()
        .map(line -> line.isBlank() ? "" : line.substring(common).stripTrailing())
        .collect(Collectors.joining("\n"))
        .strip();
  }
}
