package ai.honeyhive.langchain4j.experiments;

import java.util.Map;

/**
 * Two runs of one dataset side by side (variant A and variant B), from {@link
 * Experiment#compare(Experiment, Experiment)}: both results, HoneyHive's comparison of B with A
 * when it could be fetched, and the table that was printed. Immutable.
 */
public final class ExperimentComparison {

  private final ExperimentResult a;
  private final ExperimentResult b;
  private final Map<String, Object> honeyHive;

  ExperimentComparison(ExperimentResult a, ExperimentResult b, Map<String, Object> honeyHive) {
    this.a = a;
    this.b = b;
    this.honeyHive = honeyHive;
  }

  /**
   * The first run (variant A, the baseline).
   *
   * @return its result
   */
  public ExperimentResult a() {
    return a;
  }

  /**
   * The second run (variant B).
   *
   * @return its result
   */
  public ExperimentResult b() {
    return b;
  }

  /**
   * B's mean minus A's mean for {@code metric}.
   *
   * @param metric the metric name
   * @return the difference, or NaN if either run lacks the metric
   */
  public double delta(String metric) {
    return b.mean(metric) - a.mean(metric);
  }

  /**
   * HoneyHive's comparison of B with A ({@code GET /v1/runs/{b}/compare-with/{a}}).
   *
   * @return the parsed answer, or null if it was not fetched (no API key, or HoneyHive failed)
   */
  public Map<String, Object> honeyHiveComparison() {
    return honeyHive;
  }

  /**
   * The side-by-side table: per metric A's and B's mean, the delta and both pass rates.
   *
   * @return the table, several lines
   */
  public String table() {
    return SummaryTable.sideBySide(a, b, honeyHive);
  }

  @Override
  public String toString() {
    return table();
  }
}
