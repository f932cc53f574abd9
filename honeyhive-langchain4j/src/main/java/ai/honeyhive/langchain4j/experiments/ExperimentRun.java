package ai.honeyhive.langchain4j.experiments;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.Namespace;
import ai.honeyhive.langchain4j.internal.SessionAttributes;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveApi;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** One run of an {@link Experiment}: the requests, the datapoints, the result. */
final class ExperimentRun {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Experiment e;
  private final String compareWith;
  private final Instrumentation instrumentation;
  private final RunsClient client;
  private final PrintStream out;
  private final List<String> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private long start;
  private volatile long lastProgress;

  private String runId;
  private String name;
  private String datasetId;
  private boolean managed;
  private boolean linked;

  ExperimentRun(Experiment experiment, String compareWith) {
    this.e = experiment;
    this.compareWith = compareWith;
    this.instrumentation = TracerAccess.instrumentation(experiment.tracer);
    HoneyHiveApi api = instrumentation.api;
    this.client = api == null ? null : new RunsClient(api);
    this.out = experiment.out;
  }

  ExperimentResult run() {
    start = System.nanoTime();
    Dataset dataset = e.dataset;
    managed = dataset.isManaged();
    if (managed) {
      if (client == null) {
        throw new IllegalStateException(
            "dataset " + dataset.id() + " is managed in HoneyHive and is read from there: build the tracer with an"
                + " API key (apiKey(...) or HH_API_KEY), or use a local dataset (Dataset.of, fromJsonl, fromCsv)");
      }
      dataset = Dataset.fetched(dataset.id(), client.fetchDataset(dataset.id()));
    }
    datasetId = dataset.id();
    List<Datapoint> datapoints = dataset.datapoints();
    List<String> datapointIds = new ArrayList<>(datapoints.size());
    for (int i = 0; i < datapoints.size(); i++) {
      Datapoint d = datapoints.get(i);
      datapointIds.add(managed ? d.id() : ExternalIds.datapointId(d, i));
    }
    runId = UUID.randomUUID().toString();
    name = e.name != null ? e.name : "experiment-" + runId.substring(0, 8);
    if (datapoints.isEmpty()) {
      print("Experiment " + name + ": dataset " + datasetId + " is empty; nothing to run, no run created in HoneyHive.");
      return result(null, List.of(), null, null);
    }
    print(
        String.format(
            Locale.ROOT,
            "Experiment %s: %d datapoints, %d at a time, timeout %s each; %s",
            name, datapoints.size(), Math.min(e.maxConcurrency, datapoints.size()), seconds(e.timeout),
            client == null ? "offline (no API key): nothing is sent to HoneyHive" : "recording in HoneyHive"));
    if (client != null) {
      String answered =
          client.createRun(runId, name, datasetId, managed, datapointIds, configuration(), e.metadata);
      if (answered != null) {
        runId = answered;
        linked = true;
      } else {
        print("HoneyHive did not create the run (" + last(client.unsent) + "): running locally, sending nothing more.");
      }
    }

    List<ExperimentResult.Row> rows = runAll(datapoints, datapointIds);

    // The spans first (as the Python SDK flushes each datapoint's tracer), then the updates.
    try {
      e.tracer.flush();
    } catch (RuntimeException ignored) {
      // flush never throws; a user SDK's might.
    }
    Map<String, Object> result = null;
    Map<String, Object> comparison = null;
    List<String> sessionIds = new ArrayList<>();
    for (ExperimentResult.Row row : rows) {
      if (row.sessionId() != null) {
        sessionIds.add(row.sessionId());
      }
    }
    if (linked) {
      for (ExperimentResult.Row row : rows) {
        if (row.sessionId() != null) {
          client.updateSession(row.sessionId(), sessionOutputs(row.outputs()), row.groundTruth());
        }
      }
      client.completeRun(runId, name, datasetId, managed, sessionIds);
      result = client.result(runId, e.aggregateFunction);
      if (compareWith != null) {
        comparison = client.compare(runId, compareWith, e.aggregateFunction);
      }
    } else if (client != null) {
      for (String sessionId : sessionIds) {
        skipped.add("PUT /events (session " + sessionId + "): not sent, the run was not created");
      }
      skipped.add("PUT /v1/runs/" + runId + ": not sent, the run was not created");
      skipped.add("GET /v1/runs/" + runId + "/result: not sent, the run was not created");
    }
    ExperimentResult r = result(runId, rows, result, comparison);
    if (out != null) {
      out.print(r.summaryTable());
      out.flush();
    }
    return r;
  }

  private ExperimentResult result(
      String runId, List<ExperimentResult.Row> rows, Map<String, Object> result, Map<String, Object> comparison) {
    List<String> unsent = new ArrayList<>();
    if (client != null) {
      synchronized (client.unsent) {
        unsent.addAll(client.unsent);
      }
    }
    synchronized (skipped) {
      unsent.addAll(skipped);
    }
    return new ExperimentResult(
        runId, name, datasetId, rows, e.passing, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        unsent, result, comparison, compareWith, e.aggregateFunction);
  }

  private Map<String, Object> configuration() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("function", e.functionName);
    c.put("evaluators", e.evaluatorNames);
    c.put("max_workers", e.maxConcurrency);
    c.put("aggregate_function", e.aggregateFunction);
    return c;
  }

  private List<ExperimentResult.Row> runAll(List<Datapoint> datapoints, List<String> ids) {
    int n = datapoints.size();
    ExecutorService workers = Executors.newFixedThreadPool(Math.min(e.maxConcurrency, n), daemon("honeyhive-experiment"));
    ExecutorService calls = Executors.newCachedThreadPool(daemon("honeyhive-experiment-call"));
    try {
      List<Future<ExperimentResult.Row>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Datapoint d = datapoints.get(i);
        String id = ids.get(i);
        futures.add(
            workers.submit(
                () -> {
                  ExperimentResult.Row row;
                  try {
                    row = runOne(d, id, calls);
                  } catch (Throwable t) {
                    instrumentation.failures.record("experiment datapoint", t);
                    row = new ExperimentResult.Row(id, null, d.inputs(), d.groundTruth(), null, Map.of(), "internal error: " + describe(t), Map.of());
                  }
                  progress(n, row);
                  return row;
                }));
      }
      List<ExperimentResult.Row> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        try {
          rows.add(futures.get(i).get());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          rows.add(new ExperimentResult.Row(ids.get(i), null, datapoints.get(i).inputs(), datapoints.get(i).groundTruth(), null, Map.of(), "interrupted", Map.of()));
        } catch (ExecutionException ee) {
          rows.add(new ExperimentResult.Row(ids.get(i), null, datapoints.get(i).inputs(), datapoints.get(i).groundTruth(), null, Map.of(), describe(ee.getCause()), Map.of()));
        }
      }
      return rows;
    } finally {
      workers.shutdownNow();
      // Interrupts a function that is still running past its timeout; its thread is a daemon.
      calls.shutdownNow();
    }
  }

  private ExperimentResult.Row runOne(Datapoint d, String datapointId, ExecutorService calls) {
    if (d.inputs() == null) {
      return new ExperimentResult.Row(datapointId, null, null, d.groundTruth(), null, Map.of(), "datapoint has no inputs: not run", Map.of());
    }
    String sessionId = UUID.randomUUID().toString();
    if (linked) {
      client.startSession(sessionId, name, d.inputs(), runId, datasetId, datapointId);
    } else if (client != null) {
      skipped.add("POST /session/start (session " + sessionId + "): not sent, the run was not created");
    }
    Context base = e.enrichment != null ? e.enrichment.storeInContext(Context.root()) : Context.root();
    Baggage baggage =
        Baggage.fromContext(base).toBuilder()
            .put(SessionAttributes.BAGGAGE_SESSION_ID, sessionId)
            .put(SessionAttributes.BAGGAGE_SOURCE, "evaluation")
            .put(SessionAttributes.BAGGAGE_SESSION_NAME, name)
            .put(SessionAttributes.BAGGAGE_RUN_ID, runId)
            .put(SessionAttributes.BAGGAGE_DATASET_ID, datasetId)
            .put(SessionAttributes.BAGGAGE_DATAPOINT_ID, datapointId)
            .build();
    Context parent = base.with(baggage);
    Span span =
        instrumentation
            .spanBuilder(e.functionName, SpanKind.INTERNAL, parent, EventTypes.CHAIN)
            .setAttribute(HoneyHiveAttributes.HONEYHIVE_EVENT_NAME, e.functionName)
            .startSpan();
    Context context = parent.with(span);
    Object outputs = null;
    String error = null;
    Map<String, Object> metrics = new LinkedHashMap<>();
    Map<String, String> evaluatorErrors = new LinkedHashMap<>();
    try (Scope ignored = context.makeCurrent()) {
      enrich(EnrichmentContext.builder().inputs(d.inputs()));
      try {
        outputs = call(calls, context, () -> e.function.run(d.inputs(), d.groundTruth()));
        if (outputs instanceof Map) {
          @SuppressWarnings("unchecked")
          Map<String, ?> map = (Map<String, ?>) outputs;
          enrich(EnrichmentContext.builder().outputs(map));
        } else if (outputs != null) {
          enrich(EnrichmentContext.builder().output("result", outputs));
        }
      } catch (TimeoutException t) {
        error = "function timed out after " + seconds(e.timeout);
        Instrumentation.recordError(span, new TimeoutException(error));
      } catch (Throwable t) {
        error = "function threw " + describe(t);
        Instrumentation.recordError(span, t);
      }
      if (error == null) {
        for (int i = 0; i < e.evaluators.size(); i++) {
          evaluate(e.evaluatorNames.get(i), e.evaluators.get(i), outputs, d, context, calls, metrics, evaluatorErrors);
        }
        for (Map.Entry<String, Object> m : metrics.entrySet()) {
          putMetric(span, m.getKey(), m.getValue());
        }
      }
    } finally {
      span.end();
    }
    return new ExperimentResult.Row(datapointId, sessionId, d.inputs(), d.groundTruth(), outputs, metrics, error, evaluatorErrors);
  }

  /** One evaluator under a span of its own, so that a judge's model calls stay apart from the function's. */
  private void evaluate(
      String evaluatorName,
      Evaluator evaluator,
      Object outputs,
      Datapoint d,
      Context parent,
      ExecutorService calls,
      Map<String, Object> metrics,
      Map<String, String> errors) {
    Span span =
        instrumentation
            .spanBuilder("evaluator " + evaluatorName, SpanKind.INTERNAL, parent, EventTypes.CHAIN, false)
            .setAttribute(HoneyHiveAttributes.HONEYHIVE_EVENT_NAME, "evaluator " + evaluatorName)
            .startSpan();
    Context context = parent.with(span);
    try {
      Object raw = call(calls, context, () -> evaluator.evaluate(outputs, d.inputs(), d.groundTruth()));
      StringBuilder problem = new StringBuilder();
      metrics.putAll(Scores.metrics(evaluatorName, raw, problem));
      if (problem.length() > 0) {
        errors.put(evaluatorName, problem.toString());
        Instrumentation.recordError(span, new IllegalStateException(problem.toString()));
      }
    } catch (TimeoutException t) {
      String message = "timed out after " + seconds(e.timeout);
      errors.put(evaluatorName, message);
      Instrumentation.recordError(span, new TimeoutException(message));
    } catch (Throwable t) {
      errors.put(evaluatorName, "threw " + describe(t));
      Instrumentation.recordError(span, t);
    } finally {
      span.end();
    }
  }

  /** Runs {@code task} under {@code context} on a thread of its own, waiting at most the timeout. */
  private Object call(ExecutorService calls, Context context, Callable<Object> task) throws Exception {
    Future<Object> future = calls.submit(context.wrap(task));
    try {
      return future.get(e.timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException t) {
      future.cancel(true);
      throw t;
    } catch (ExecutionException ee) {
      Throwable cause = ee.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw new ExecutionException(cause);
    } catch (InterruptedException ie) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw ie;
    }
  }

  private void enrich(EnrichmentContext.Builder builder) {
    try {
      e.tracer.enrichSpan(builder.build());
    } catch (RuntimeException invalid) {
      // A key the builder refuses (blank, say): the span goes without it.
      instrumentation.failures.record("experiment enrichment", invalid);
    }
  }

  private static void putMetric(Span span, String key, Object v) {
    String attribute = Namespace.METRICS.prefix + key;
    if (v instanceof Boolean) {
      span.setAttribute(attribute, (Boolean) v);
    } else if (v instanceof Long) {
      span.setAttribute(attribute, (Long) v);
    } else if (v instanceof Number) {
      span.setAttribute(attribute, ((Number) v).doubleValue());
    } else {
      span.setAttribute(attribute, String.valueOf(v));
    }
  }

  /** The session's outputs as HoneyHive stores them: a map as it is, anything else as {@code result}. */
  static Object sessionOutputs(Object outputs) {
    if (outputs == null) {
      return null;
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    Object candidate = outputs;
    if (!(outputs instanceof Map)) {
      wrapped.put("result", outputs);
      candidate = wrapped;
    }
    try {
      RunsClient.JSON.writeValueAsString(candidate);
      return candidate;
    } catch (Exception notJson) {
      Map<String, Object> text = new LinkedHashMap<>();
      text.put("result", String.valueOf(outputs));
      return text;
    }
  }

  private void progress(int total, ExperimentResult.Row row) {
    int d = done.incrementAndGet();
    int f = row.error() != null ? failed.incrementAndGet() : failed.get();
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (total > 20 && d < total && now - lastProgress < TimeUnit.SECONDS.toNanos(2)) {
      return;
    }
    lastProgress = now;
    double elapsed = (now - start) / 1e9;
    String remaining = d == total ? "done" : String.format(Locale.ROOT, "~%.1f s left", elapsed / d * (total - d));
    synchronized (out) {
      out.printf(Locale.ROOT, "[%s] %d/%d done, %d failed, %.1f s elapsed, %s%n", name, d, total, f, elapsed, remaining);
      out.flush();
    }
  }

  private void print(String line) {
    if (out != null) {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }
  }

  private static String last(List<String> list) {
    synchronized (list) {
      return list.isEmpty() ? "no answer" : list.get(list.size() - 1);
    }
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message != null ? ": " + message : "");
  }

  private static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return s == Math.rint(s) ? String.format(Locale.ROOT, "%d s", (long) s) : String.format(Locale.ROOT, "%.1f s", s);
  }

  private static ThreadFactory daemon(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
