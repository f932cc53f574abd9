package ai.honeyhive.langchain4j.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an experiment produced: every datapoint's outputs, metrics and failures (kept locally,
 * whatever HoneyHive answered), summary statistics per metric, HoneyHive's own aggregated result
 * when it could be fetched, and how many requests to HoneyHive could not be sent. {@link
 * #summaryTable()} is the table the run prints. Immutable.
 */
public final class ExperimentResult {

  /** One datapoint's outcome. Immutable. */
  public static final class Row {
    private final String datapointId;
    private final String sessionId;
    private final Map<String, Object> inputs;
    private final Map<String, Object> groundTruth;
    private final Object outputs;
    private final Map<String, Object> metrics;
    private final String error;
    private final Map<String, String> evaluatorErrors;

    Row(
        String datapointId,
        String sessionId,
        Map<String, Object> inputs,
        Map<String, Object> groundTruth,
        Object outputs,
        Map<String, Object> metrics,
        String error,
        Map<String, String> evaluatorErrors) {
      this.datapointId = datapointId;
      this.sessionId = sessionId;
      this.inputs = inputs;
      this.groundTruth = groundTruth;
      this.outputs = outputs;
      this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
      this.error = error;
      this.evaluatorErrors = Collections.unmodifiableMap(new LinkedHashMap<>(evaluatorErrors));
    }

    /**
     * The datapoint's id as HoneyHive receives it ({@code EXT-...} for a local dataset).
     *
     * @return the id
     */
    public String datapointId() {
      return datapointId;
    }

    /**
     * The HoneyHive session this datapoint ran in, a lowercase UUID.
     *
     * @return the session id, or null if the datapoint was not run (it had no inputs)
     */
    public String sessionId() {
      return sessionId;
    }

    /**
     * The datapoint's inputs.
     *
     * @return the inputs, or null if it had none
     */
    public Map<String, Object> inputs() {
      return inputs;
    }

    /**
     * The datapoint's ground truth.
     *
     * @return the ground truth, or null if it had none
     */
    public Map<String, Object> groundTruth() {
      return groundTruth;
    }

    /**
     * What the function returned.
     *
     * @return the output, or null if the function failed or returned null
     */
    public Object outputs() {
      return outputs;
    }

    /**
     * The metrics the evaluators produced, keyed as HoneyHive receives them ({@code <evaluator>},
     * {@code <evaluator>_explanation}, {@code <evaluator>_<key>}).
     *
     * @return an unmodifiable map; empty if no evaluator produced a value
     */
    public Map<String, Object> metrics() {
      return metrics;
    }

    /**
     * Why the datapoint failed: the function threw or timed out, or the datapoint had no inputs.
     *
     * @return the failure, or null if the function returned
     */
    public String error() {
      return error;
    }

    /**
     * Evaluators that failed on this datapoint, with why (threw, timed out, returned NaN...).
     *
     * @return an unmodifiable map from evaluator name to failure; empty if none failed
     */
    public Map<String, String> evaluatorErrors() {
      return evaluatorErrors;
    }

    /**
     * Whether the function produced an output and every evaluator a value.
     *
     * @return true if nothing failed for this datapoint
     */
    public boolean succeeded() {
      return error == null && evaluatorErrors.isEmpty();
    }

    @Override
    public String toString() {
      return "Row{datapointId=" + datapointId + ", metrics=" + metrics
          + (error != null ? ", error=" + error : "")
          + (evaluatorErrors.isEmpty() ? "" : ", evaluatorErrors=" + evaluatorErrors) + "}";
    }
  }

  private final String runId;
  private final String name;
  private final String datasetId;
  private final List<Row> rows;
  private final Map<String, Double> passing;
  private final long durationMillis;
  private final List<String> unsent;
  private final Map<String, Object> honeyHiveResult;
  private final Map<String, Object> honeyHiveComparison;
  private final String comparedWith;
  private final String aggregateFunction;

  ExperimentResult(
      String runId,
      String name,
      String datasetId,
      List<Row> rows,
      Map<String, Double> passing,
      long durationMillis,
      List<String> unsent,
      Map<String, Object> honeyHiveResult,
      Map<String, Object> honeyHiveComparison,
      String comparedWith,
      String aggregateFunction) {
    this.runId = runId;
    this.name = name;
    this.datasetId = datasetId;
    this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
    this.passing = Collections.unmodifiableMap(new LinkedHashMap<>(passing));
    this.durationMillis = durationMillis;
    this.unsent = Collections.unmodifiableList(new ArrayList<>(unsent));
    this.honeyHiveResult = honeyHiveResult;
    this.honeyHiveComparison = honeyHiveComparison;
    this.comparedWith = comparedWith;
    this.aggregateFunction = aggregateFunction;
  }

  /**
   * The run's id in HoneyHive (the one HoneyHive answered with, else the one sent).
   *
   * @return the run id; null only for an empty dataset, for which no run is created
   */
  public String runId() {
    return runId;
  }

  /**
   * The run's name, also every datapoint session's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The dataset's id ({@code EXT-...} for a local dataset).
   *
   * @return the id
   */
  public String datasetId() {
    return datasetId;
  }

  /**
   * Every datapoint's outcome, in dataset order.
   *
   * @return an unmodifiable list
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * Datapoints whose function failed, timed out or had no inputs (evaluator failures not counted).
   *
   * @return the count
   */
  public int failed() {
    int n = 0;
    for (Row r : rows) {
      if (r.error() != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * The names of the metrics with at least one number or boolean value, in the order first seen.
   *
   * @return the metric names
   */
  public Set<String> metricNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Row r : rows) {
      for (Map.Entry<String, Object> e : r.metrics().entrySet()) {
        if (numeric(e.getValue()) != null) {
          names.add(e.getKey());
        }
      }
    }
    return names;
  }

  /**
   * How many datapoints have a number or boolean value for {@code metric}.
   *
   * @param metric the metric name
   * @return the count
   */
  public int count(String metric) {
    return values(metric).size();
  }

  /**
   * The mean of {@code metric} over the datapoints that have it (a boolean counts as 1 or 0);
   * datapoints without it (failed) are left out, so look at {@link #failed()} too.
   *
   * @param metric the metric name
   * @return the mean, or NaN if no datapoint has the metric
   */
  public double mean(String metric) {
    List<Double> v = values(metric);
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (double d : v) {
      sum += d;
    }
    return sum / v.size();
  }

  /**
   * The smallest value of {@code metric}.
   *
   * @param metric the metric name
   * @return the minimum, or NaN if no datapoint has the metric
   */
  public double min(String metric) {
    return values(metric).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /**
   * The largest value of {@code metric}.
   *
   * @param metric the metric name
   * @return the maximum, or NaN if no datapoint has the metric
   */
  public double max(String metric) {
    return values(metric).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /**
   * The share of datapoints that pass on {@code metric}, over all datapoints of the run (one that
   * failed or lacks the metric does not pass): true for a boolean metric, at least the threshold
   * set with {@link Experiment.Builder#passing(String, double)} for a number.
   *
   * @param metric the metric name
   * @return a share from 0 to 1, or NaN for a numeric metric without a threshold or an empty run
   */
  public double passRate(String metric) {
    if (rows.isEmpty()) {
      return Double.NaN;
    }
    Double threshold = passing.get(metric);
    int passed = 0;
    boolean anyBoolean = false;
    for (Row r : rows) {
      Object v = r.metrics().get(metric);
      if (v instanceof Boolean) {
        anyBoolean = true;
        if ((Boolean) v) {
          passed++;
        }
      } else if (threshold != null && numeric(v) != null && numeric(v) >= threshold) {
        passed++;
      }
    }
    if (threshold == null && !anyBoolean) {
      return Double.NaN;
    }
    return (double) passed / rows.size();
  }

  /**
   * Requests to HoneyHive that could not be sent (after retries), each as {@code "METHOD path:
   * why"}. Empty when everything was sent, and when nothing was meant to be (no API key).
   *
   * @return an unmodifiable list
   */
  public List<String> unsent() {
    return unsent;
  }

  /**
   * HoneyHive's aggregated result of the run ({@code GET /v1/runs/{run_id}/result}) as JSON
   * objects, lists and values.
   *
   * @return the parsed answer, or null if it was not fetched (no API key, or HoneyHive failed)
   */
  public Map<String, Object> honeyHiveResult() {
    return honeyHiveResult;
  }

  /**
   * HoneyHive's comparison with the run given to {@link Experiment.Builder#compareWith(String)}
   * ({@code GET /v1/runs/{run_id}/compare-with/{old}}).
   *
   * @return the parsed answer, or null if none was asked for or it could not be fetched
   */
  public Map<String, Object> honeyHiveComparison() {
    return honeyHiveComparison;
  }

  /**
   * How long the run took, from loading the dataset to fetching the result.
   *
   * @return milliseconds
   */
  public long durationMillis() {
    return durationMillis;
  }

  String comparedWith() {
    return comparedWith;
  }

  String aggregateFunction() {
    return aggregateFunction;
  }

  /**
   * The summary table the run prints: per metric the count, mean, min, max and pass rate; every
   * failed datapoint with why; HoneyHive's aggregates if fetched; what could not be sent.
   *
   * @return the table, several lines
   */
  public String summaryTable() {
    return SummaryTable.of(this);
  }

  @Override
  public String toString() {
    return summaryTable();
  }

  List<Double> values(String metric) {
    List<Double> v = new ArrayList<>();
    for (Row r : rows) {
      Double d = numeric(r.metrics().get(metric));
      if (d != null) {
        v.add(d);
      }
    }
    return v;
  }

  static Double numeric(Object v) {
    if (v instanceof Boolean) {
      return ((Boolean) v) ? 1.0 : 0.0;
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    return null;
  }
}
