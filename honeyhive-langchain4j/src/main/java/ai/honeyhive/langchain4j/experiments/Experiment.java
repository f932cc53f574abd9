package ai.honeyhive.langchain4j.experiments;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a dataset through a function, scores each output with evaluators, and records the run in
 * HoneyHive, as HoneyHive's Python SDK {@code evaluate()} does: the run is created ({@code POST
 * /v1/runs}), each datapoint runs in its own session (source {@code evaluation}, the run's name as
 * session name, the datapoint's inputs as session inputs) with {@code run_id}, {@code dataset_id}
 * and {@code datapoint_id} on every span, each session gets its outputs and ground truth ({@code
 * PUT /events}), the run is completed with the session ids ({@code PUT /v1/runs/{run_id}}) and
 * HoneyHive's aggregated result is fetched. Without an API key (or with a console-only tracer) the
 * run happens locally and nothing is sent.
 *
 * <pre>{@code
 * ExperimentResult result = Experiment.builder(tracer)
 *     .name("capitals-v2")
 *     .dataset(Dataset.fromJsonl(Path.of("capitals.jsonl")))
 *     .function((inputs, groundTruth) -> assistant.chat((String) inputs.get("question")))
 *     .evaluator("exact_match", (outputs, inputs, gt) -> outputs.toString().contains((String) gt.get("answer")))
 *     .evaluator(LlmJudge.builder(judgeModel).name("correctness").rubric("...").build())
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>The run always finishes: a function that throws or exceeds the per-datapoint timeout, an
 * evaluator that fails, and HoneyHive failing or being unreachable are recorded, every local result
 * is kept, and what could not be sent is counted ({@link ExperimentResult#unsent()}). Progress and
 * the summary table are printed (see {@link Builder#output(PrintStream)}). An experiment may be run
 * more than once; each run is a new run in HoneyHive.
 */
public final class Experiment {

  final HoneyHiveTracer tracer;
  final String name;
  final Dataset dataset;
  final ExperimentFunction function;
  final String functionName;
  final List<String> evaluatorNames;
  final List<Evaluator> evaluators;
  final int maxConcurrency;
  final Duration timeout;
  final String aggregateFunction;
  final Map<String, Object> metadata;
  final EnrichmentContext enrichment;
  final Map<String, Double> passing;
  final String compareWith;
  final PrintStream out;

  private Experiment(Builder b) {
    this.tracer = b.tracer;
    this.name = b.name;
    this.dataset = b.dataset;
    this.function = b.function;
    this.functionName = b.functionName;
    this.evaluatorNames = List.copyOf(b.evaluatorNames);
    this.evaluators = List.copyOf(b.evaluators);
    this.maxConcurrency = b.maxConcurrency;
    this.timeout = b.timeout;
    this.aggregateFunction = b.aggregateFunction;
    this.metadata = new LinkedHashMap<>(b.metadata);
    this.enrichment = b.enrichment;
    this.passing = new LinkedHashMap<>(b.passing);
    this.compareWith = b.compareWith;
    this.out = b.out;
  }

  /**
   * A builder for an experiment traced by {@code tracer}, whose API key and server the run's
   * requests use.
   *
   * @param tracer the tracer; build it with the same model listeners as in production
   * @return a new builder
   * @throws NullPointerException if {@code tracer} is null
   */
  public static Builder builder(HoneyHiveTracer tracer) {
    return new Builder(Objects.requireNonNull(tracer, "tracer"));
  }

  /**
   * Runs the experiment: every datapoint, its evaluators, the requests to HoneyHive; prints
   * progress and the summary table. Returns when every datapoint has finished or timed out.
   *
   * @return the result, with every datapoint's outputs and metrics
   * @throws IllegalStateException if a managed dataset cannot be read from HoneyHive (or the
   *     tracer has no API key to read it with)
   */
  public ExperimentResult run() {
    return new ExperimentRun(this, compareWith).run();
  }

  /**
   * A/B in one call: runs {@code a}, then {@code b} (two runs in HoneyHive), fetches HoneyHive's
   * comparison of B with A, and prints both side by side. Give each its own function (or the same
   * one reading what differs) and, with {@link Builder#enrichment(EnrichmentContext)}, the {@code
   * abVariant} and {@code config} its spans carry.
   *
   * @param a the baseline (variant A)
   * @param b the candidate (variant B), on the same dataset
   * @return both results and the comparison
   * @throws IllegalArgumentException if the two experiments have different datasets
   */
  public static ExperimentComparison compare(Experiment a, Experiment b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (!a.dataset.id().equals(b.dataset.id())) {
      throw new IllegalArgumentException(
          "compare needs one dataset for both runs; got " + a.dataset.id() + " and " + b.dataset.id());
    }
    ExperimentResult first = new ExperimentRun(a, a.compareWith).run();
    ExperimentResult second = new ExperimentRun(b, first.runId()).run();
    ExperimentComparison comparison = new ExperimentComparison(first, second, second.honeyHiveComparison());
    PrintStream out = b.out;
    if (out != null) {
      out.print(comparison.table());
      out.flush();
    }
    return comparison;
  }

  @Override
  public String toString() {
    return "Experiment{name=" + name + ", dataset=" + dataset + ", evaluators=" + evaluatorNames + "}";
  }

  /** Builds an {@link Experiment}; {@link #dataset} and {@link #function} are required. */
  public static final class Builder {
    private final HoneyHiveTracer tracer;
    private String name;
    private Dataset dataset;
    private ExperimentFunction function;
    private String functionName = "function";
    private final List<String> evaluatorNames = new ArrayList<>();
    private final List<Evaluator> evaluators = new ArrayList<>();
    private int maxConcurrency = 10;
    private Duration timeout = Duration.ofSeconds(60);
    private String aggregateFunction = "average";
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private EnrichmentContext enrichment;
    private final Map<String, Double> passing = new LinkedHashMap<>();
    private String compareWith;
    private PrintStream out = System.out;

    private Builder(HoneyHiveTracer tracer) {
      this.tracer = tracer;
    }

    /**
     * The run's name, also the name of every datapoint's session. If unset, defaults to {@code
     * experiment-} and the first 8 characters of the run id, as HoneyHive's SDK names it.
     *
     * @param name the name
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public Builder name(String name) {
      this.name = requireText(name, "name").strip();
      return this;
    }

    /**
     * The datapoints to run. Required.
     *
     * @param dataset the dataset
     * @return this builder
     * @throws NullPointerException if {@code dataset} is null
     */
    public Builder dataset(Dataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /**
     * The function to evaluate, called once per datapoint. Required. Recorded in the run's
     * configuration as {@code function}.
     *
     * @param function the function
     * @return this builder
     * @throws NullPointerException if {@code function} is null
     */
    public Builder function(ExperimentFunction function) {
      this.function = Objects.requireNonNull(function, "function");
      return this;
    }

    /**
     * The function to evaluate, with the name its span and the run's configuration show. If no
     * name is given, it is {@code function}.
     *
     * @param name the function's name, for example {@code answer_question}
     * @param function the function
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public Builder function(String name, ExperimentFunction function) {
      this.functionName = requireText(name, "name");
      return function(function);
    }

    /**
     * Adds a code evaluator; its result becomes the metric {@code name} (see {@link Evaluator}).
     *
     * @param name the metric name, for example {@code exact_match}
     * @param evaluator the evaluator
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null or blank, or already used
     */
    public Builder evaluator(String name, Evaluator evaluator) {
      requireText(name, "name");
      Objects.requireNonNull(evaluator, "evaluator");
      if (evaluatorNames.contains(name)) {
        throw new IllegalArgumentException("an evaluator named " + name + " was already added");
      }
      evaluatorNames.add(name);
      evaluators.add(evaluator);
      return this;
    }

    /**
     * Adds an LLM judge under its own {@link LlmJudge#name()}.
     *
     * @param judge the judge
     * @return this builder
     * @throws IllegalArgumentException if an evaluator of the judge's name was already added
     */
    public Builder evaluator(LlmJudge judge) {
      Objects.requireNonNull(judge, "judge");
      return evaluator(judge.name(), judge);
    }

    /**
     * How many datapoints run at once. If unset, defaults to 10 (the Python SDK's {@code
     * max_workers}).
     *
     * @param maxConcurrency at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConcurrency} is below 1
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * How long the function may take for one datapoint, and each evaluator too; past it the call
     * is interrupted and recorded as timed out, and the run goes on. If unset, defaults to 60
     * seconds.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How HoneyHive aggregates each metric in the result it returns: {@code average}, {@code
     * sum}, {@code min} or {@code max}. If unset, defaults to {@code average}.
     *
     * @param aggregateFunction the function's name
     * @return this builder
     * @throws IllegalArgumentException if it is not one of the four
     */
    public Builder aggregateFunction(String aggregateFunction) {
      if (!List.of("average", "sum", "min", "max").contains(aggregateFunction)) {
        throw new IllegalArgumentException("aggregateFunction must be average, sum, min or max, got " + aggregateFunction);
      }
      this.aggregateFunction = aggregateFunction;
      return this;
    }

    /**
     * Adds an entry to the run's metadata ({@code POST /v1/runs}), for example a model version.
     *
     * @param key the key
     * @param value a JSON-serializable value
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank, or is {@code
     *     offline_dataset_id} (set by the run)
     */
    public Builder metadata(String key, Object value) {
      requireText(key, "key");
      if (key.equals("offline_dataset_id")) {
        throw new IllegalArgumentException("offline_dataset_id is set by the run");
      }
      metadata.put(key, value);
      return this;
    }

    /**
     * The enrichment every datapoint runs under, for example the A/B variant and config of this
     * run: {@code EnrichmentContext.builder().abVariant("B").config("model", "gpt-4o").build()}.
     * Its values go on the datapoint's spans as they do under {@link
     * EnrichmentContext#makeCurrent()}; its session id, if any, is not used (each datapoint has
     * its own session).
     *
     * @param enrichment the enrichment
     * @return this builder
     * @throws NullPointerException if {@code enrichment} is null
     */
    public Builder enrichment(EnrichmentContext enrichment) {
      this.enrichment = Objects.requireNonNull(enrichment, "enrichment");
      return this;
    }

    /**
     * The threshold a numeric metric must reach for a datapoint to pass, for the pass rate of the
     * summary table ({@link ExperimentResult#passRate(String)}). A boolean metric passes when
     * true, without a threshold.
     *
     * @param metric the metric name
     * @param min the lowest passing value
     * @return this builder
     * @throws IllegalArgumentException if {@code metric} is null or blank, or {@code min} is NaN
     */
    public Builder passing(String metric, double min) {
      requireText(metric, "metric");
      if (Double.isNaN(min)) {
        throw new IllegalArgumentException("min must be a number");
      }
      passing.put(metric, min);
      return this;
    }

    /**
     * An earlier run to compare this one with; HoneyHive's comparison ({@code GET
     * /v1/runs/{run_id}/compare-with/{old}}) is fetched after the run and printed.
     *
     * @param oldRunId the earlier run's id
     * @return this builder
     * @throws IllegalArgumentException if {@code oldRunId} is null or blank
     */
    public Builder compareWith(String oldRunId) {
      this.compareWith = requireText(oldRunId, "oldRunId");
      return this;
    }

    /**
     * Where progress (datapoints done and failed, elapsed and estimated remaining time) and the
     * summary table are printed. If unset, defaults to {@code System.out}; null prints nothing.
     *
     * @param out the stream, or null
     * @return this builder
     */
    public Builder output(PrintStream out) {
      this.out = out;
      return this;
    }

    /**
     * Builds the experiment.
     *
     * @return a new experiment
     * @throws IllegalStateException if the dataset or the function is not set
     */
    public Experiment build() {
      if (dataset == null) {
        throw new IllegalStateException("set the dataset: Experiment.builder(tracer).dataset(Dataset.of(...))");
      }
      if (function == null) {
        throw new IllegalStateException("set the function: Experiment.builder(tracer).function((inputs, groundTruth) -> ...)");
      }
      return new Experiment(this);
    }

    private static String requireText(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be null or blank");
      }
      return s;
    }
  }
}
