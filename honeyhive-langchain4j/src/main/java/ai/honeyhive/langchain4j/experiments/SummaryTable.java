package ai.honeyhive.langchain4j.experiments;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The text tables an experiment prints: one run, and two runs side by side. */
final class SummaryTable {

  private static final int MAX_FAILURES_SHOWN = 20;

  static String of(ExperimentResult r) {
    StringBuilder s = new StringBuilder();
    int n = r.rows().size();
    s.append(String.format(Locale.ROOT, "Experiment %s  (run %s, dataset %s)%n", r.name(), r.runId(), r.datasetId()));
    s.append(String.format(Locale.ROOT, "%d datapoints, %d failed, %.1f s%n", n, r.failed(), r.durationMillis() / 1000.0));
    Set<String> metrics = r.metricNames();
    if (metrics.isEmpty()) {
      s.append("no metrics").append(System.lineSeparator());
    } else {
      int width = Math.max(6, metrics.stream().mapToInt(String::length).max().orElse(6));
      s.append(String.format(Locale.ROOT, "%-" + width + "s %5s %8s %8s %8s %9s%n", "metric", "n", "mean", "min", "max", "pass rate"));
      for (String m : metrics) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-" + width + "s %5d %8s %8s %8s %9s%n",
                m, r.count(m), num(r.mean(m)), num(r.min(m)), num(r.max(m)), pct(r.passRate(m))));
      }
    }
    int shown = 0;
    for (ExperimentResult.Row row : r.rows()) {
      if (row.succeeded()) {
        continue;
      }
      if (shown == 0) {
        s.append("failures:").append(System.lineSeparator());
      }
      if (++shown > MAX_FAILURES_SHOWN) {
        continue;
      }
      if (row.error() != null) {
        s.append("  ").append(row.datapointId()).append(": ").append(row.error()).append(System.lineSeparator());
      }
      for (Map.Entry<String, String> e : row.evaluatorErrors().entrySet()) {
        s.append("  ").append(row.datapointId()).append(": evaluator ").append(e.getKey()).append(": ")
            .append(e.getValue()).append(System.lineSeparator());
      }
    }
    if (shown > MAX_FAILURES_SHOWN) {
      s.append("  ... and ").append(shown - MAX_FAILURES_SHOWN).append(" more").append(System.lineSeparator());
    }
    appendHoneyHive(s, r);
    if (!r.unsent().isEmpty()) {
      s.append(r.unsent().size()).append(r.unsent().size() == 1 ? " request" : " requests")
          .append(" to HoneyHive could not be sent; the local results above are complete:")
          .append(System.lineSeparator());
      for (int i = 0; i < Math.min(5, r.unsent().size()); i++) {
        s.append("  ").append(r.unsent().get(i)).append(System.lineSeparator());
      }
      if (r.unsent().size() > 5) {
        s.append("  ...").append(System.lineSeparator());
      }
    }
    return s.toString();
  }

  @SuppressWarnings("unchecked")
  private static void appendHoneyHive(StringBuilder s, ExperimentResult r) {
    Map<String, Object> result = r.honeyHiveResult();
    if (result == null) {
      return;
    }
    Object metrics = result.get("metrics");
    Object details = metrics instanceof Map ? ((Map<String, Object>) metrics).get("details") : null;
    s.append("HoneyHive (").append(r.aggregateFunction()).append("):");
    if (details instanceof List && !((List<?>) details).isEmpty()) {
      for (Object d : (List<Object>) details) {
        if (d instanceof Map) {
          Map<String, Object> m = (Map<String, Object>) d;
          s.append(' ').append(m.get("metric_name")).append('=').append(value(m.get("aggregate")));
        }
      }
    } else {
      s.append(" no aggregates yet");
    }
    Object passed = result.get("passed");
    Object failed = result.get("failed");
    if (passed instanceof List && failed instanceof List) {
      s.append(String.format(Locale.ROOT, "; passed %d, failed %d", ((List<?>) passed).size(), ((List<?>) failed).size()));
    }
    s.append(System.lineSeparator());
    Map<String, Object> comparison = r.honeyHiveComparison();
    if (comparison != null && comparison.get("metrics") instanceof List) {
      s.append("compared with run ").append(r.comparedWith()).append(':').append(System.lineSeparator());
      for (Object o : (List<Object>) comparison.get("metrics")) {
        if (o instanceof Map) {
          Map<String, Object> m = (Map<String, Object>) o;
          s.append(
              String.format(
                  Locale.ROOT,
                  "  %s: %s -> %s (improved %s, degraded %s)%n",
                  m.get("metric_name"), value(m.get("old_aggregate")), value(m.get("new_aggregate")),
                  value(m.get("improved_count")), value(m.get("degraded_count"))));
        }
      }
    }
  }

  static String sideBySide(ExperimentResult a, ExperimentResult b, Map<String, Object> honeyHive) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "A: %s (run %s)%nB: %s (run %s)%n", a.name(), a.runId(), b.name(), b.runId()));
    Set<String> metrics = new LinkedHashSet<>(a.metricNames());
    metrics.addAll(b.metricNames());
    int width = Math.max(6, metrics.stream().mapToInt(String::length).max().orElse(6));
    s.append(String.format(Locale.ROOT, "%-" + width + "s %8s %8s %8s %9s %9s%n", "metric", "A mean", "B mean", "delta", "A pass", "B pass"));
    for (String m : metrics) {
      double delta = b.mean(m) - a.mean(m);
      s.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s %8s %8s %8s %9s %9s%n",
              m, num(a.mean(m)), num(b.mean(m)),
              Double.isNaN(delta) ? "-" : String.format(Locale.ROOT, "%+.3f", delta),
              pct(a.passRate(m)), pct(b.passRate(m))));
    }
    s.append(String.format(Locale.ROOT, "%-" + width + "s %8d %8d%n", "failed", a.failed(), b.failed()));
    if (honeyHive != null) {
      ExperimentResult view =
          new ExperimentResult(b.runId(), b.name(), b.datasetId(), List.of(), Map.of(), 0, List.of(), Map.of(), honeyHive, a.runId(), b.aggregateFunction());
      StringBuilder hh = new StringBuilder();
      appendHoneyHive(hh, view);
      String text = hh.toString();
      int start = text.indexOf("compared with");
      if (start >= 0) {
        s.append("HoneyHive ").append(text.substring(start));
      }
    }
    return s.toString();
  }

  private static String num(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", d);
  }

  private static String pct(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f%%", d * 100);
  }

  private static String value(Object o) {
    if (o instanceof Double || o instanceof Float) {
      return String.format(Locale.ROOT, "%.3f", ((Number) o).doubleValue());
    }
    return String.valueOf(o);
  }

  private SummaryTable() {}
}
