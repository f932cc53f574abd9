package ai.honeyhive.langchain4j.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feature table of docs/compatibility.md, read as the tests' expectations: a row {@code |
 * `key` | what it gives | 1.0–1.10 |} or {@code ... | 1.11+ |}. The matrix checks each release
 * against what the page promises it, so the page cannot drift from what runs.
 */
final class CompatibilityTable {

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([a-z0-9-]+)`\\s*\\|.*\\|\\s*([0-9.]+)\\s*(\\+|[–-]\\s*([0-9.]+))\\s*\\|\\s*$");

  private final Map<String, int[][]> ranges = new LinkedHashMap<>();

  private CompatibilityTable() {}

  static CompatibilityTable read(String path) throws IOException {
    CompatibilityTable table = new CompatibilityTable();
    for (String line : Files.readAllLines(Path.of(path))) {
      Matcher m = ROW.matcher(line.trim());
      if (m.matches()) {
        int[] from = parse(m.group(2));
        int[] to = m.group(4) == null ? null : parse(m.group(4));
        table.ranges.put(m.group(1), new int[][] {from, to});
      }
    }
    if (table.ranges.isEmpty()) {
      throw new IllegalStateException("no feature rows in " + path);
    }
    return table;
  }

  /** Whether the page promises {@code feature} on LangChain4j {@code version}. */
  boolean promises(String feature, String version) {
    int[][] range = ranges.get(feature);
    if (range == null) {
      throw new IllegalArgumentException("docs/compatibility.md has no row `" + feature + "`");
    }
    int[] v = parse(version);
    return compare(v, range[0]) >= 0 && (range[1] == null || compare(v, range[1]) <= 0);
  }

  private static int[] parse(String version) {
    String[] parts = version.split("\\.");
    return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
  }

  /** Major and minor only: a row's "1.10" covers every 1.10.x. */
  private static int compare(int[] a, int[] b) {
    return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
  }
}
