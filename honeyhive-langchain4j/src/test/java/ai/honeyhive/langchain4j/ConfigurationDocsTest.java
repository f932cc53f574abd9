package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every option a user can set is in the option tables: each public builder method in
 * docs/configuration.md and README.md, each environment variable the builder reads in
 * docs/configuration.md. Adding an option without documenting it fails here.
 */
class ConfigurationDocsTest {

  private static final Path CONFIGURATION = Paths.get("..", "docs", "configuration.md");
  private static final Path README = Paths.get("..", "README.md");

  @Test
  void everyBuilderMethodIsInTheConfigurationTable() throws IOException {
    assertThat(builderOptions()).hasSizeGreaterThanOrEqualTo(16);
    assertThat(undocumented(builderOptions(), tableCells(CONFIGURATION)))
        .as("builder methods missing from docs/configuration.md's table")
        .isEmpty();
  }

  @Test
  void everyBuilderMethodIsInTheReadmeTable() throws IOException {
    assertThat(undocumented(builderOptions(), tableCells(README)))
        .as("builder methods missing from README.md's option table")
        .isEmpty();
  }

  /**
   * The variables are the ones {@code build()} really asks for: the builder reads the environment
   * through one function, recorded here while it builds a tracer.
   */
  @Test
  void everyEnvironmentVariableTheBuilderReadsIsInTheConfigurationTable() throws IOException {
    Set<String> read = new ConcurrentSkipListSet<>();
    Map<String, String> env =
        Map.of("HH_API_KEY", "hh-doc-test", "HH_PROJECT", "docs", "HH_API_URL", "http://127.0.0.1:1");
    try (HoneyHiveTracer tracer =
        HoneyHiveTracer.builder()
            .environment(
                name -> {
                  read.add(name);
                  return env.get(name);
                })
            .build()) {
      assertThat(tracer.sessionId()).isNotBlank();
    }
    assertThat(read).contains("HH_API_KEY", "HH_PROJECT", "HH_DISABLE_TRACING", "OTEL_SERVICE_NAME");

    Set<String> missing = new TreeSet<>();
    String table = String.join("\n", tableCells(CONFIGURATION));
    for (String name : read) {
      if (!table.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertThat(missing).as("environment variables missing from docs/configuration.md's table").isEmpty();
  }

  /** {@code name(Type)} for every public instance method that returns the builder, plus build(). */
  private static Set<String> builderOptions() {
    return Arrays.stream(HoneyHiveTracerBuilder.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getReturnType() == HoneyHiveTracerBuilder.class)
        .map(ConfigurationDocsTest::signature)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
  }

  /** The first cell of each row of the markdown tables, where the builder methods are named. */
  private static Set<String> tableCells(Path doc) throws IOException {
    return Files.readAllLines(doc, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("|"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Options whose {@code name(Type} does not open a table cell (generic parameters may follow). */
  private static Set<String> undocumented(Set<String> options, Set<String> rows) {
    Set<String> missing = new TreeSet<>();
    for (String option : options) {
      String open = "`" + option.substring(0, option.length() - 1);
      boolean found = rows.stream().anyMatch(row -> row.startsWith("| " + open + ")`") || row.startsWith("| " + open + "<"));
      if (!found) {
        missing.add(option);
      }
    }
    return missing;
  }
}
