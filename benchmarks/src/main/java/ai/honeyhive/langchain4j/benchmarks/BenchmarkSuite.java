package ai.honeyhive.langchain4j.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and prints its tables of ratios, each measured side by side in the same
 * run: chat calls against the floor (on a user's SDK and through the tracer's own export), against
 * the peer stand-in, the decorator against the bare AI service, throughput at 2, 8 and 64 threads,
 * and export. Arguments {@code forks=N} (default 2) and {@code iterations=N} (default 5) trade
 * time for precision. {@link ExecutorThroughputBenchmark} needs Java 21+ and is run on its own.
 * See benchmarks/README.md.
 */
public final class BenchmarkSuite {

  public static void main(String[] args) throws RunnerException {
    int forks = 2;
    int iterations = 5;
    for (String arg : args) {
      if (arg.startsWith("forks=")) {
        forks = Integer.parseInt(arg.substring("forks=".length()));
      } else if (arg.startsWith("iterations=")) {
        iterations = Integer.parseInt(arg.substring("iterations=".length()));
      } else {
        throw new IllegalArgumentException("expected forks=N or iterations=N, got: " + arg);
      }
    }

    List<RunResult> perCall = new ArrayList<>();
    perCall.addAll(run(base(forks, iterations).include(ChatCallBenchmark.class.getName() + "\\.")));
    perCall.addAll(run(base(forks, iterations).include(DecoratorBenchmark.class.getName() + "\\.")));

    Map<Integer, Collection<RunResult>> throughput = new LinkedHashMap<>();
    for (int threads : new int[] {2, 8, 64}) {
      throughput.put(
          threads,
          run(base(1, iterations).include(ThroughputBenchmark.class.getName() + "\\.").threads(threads)));
    }
    Collection<RunResult> export = run(base(1, iterations).include(ExportBenchmark.class.getName() + "\\."));

    printChatTable(perCall);
    printOwnExportTable(perCall);
    printPeerTable(perCall);
    printDecoratorTable(perCall);
    printThroughputTable(throughput);
    printExportTable(export);
  }

  private static ChainedOptionsBuilder base(int forks, int iterations) {
    return new OptionsBuilder()
        .forks(forks)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    return new Runner(options.build()).run();
  }

  private static void printChatTable(List<RunResult> results) {
    System.out.println();
    System.out.println("## Per chat call (ns/op and B/op; ratio = ours / floor, measured in the same run)");
    System.out.println();
    System.out.println(
        "| conversation | mode | no listener | floor (hand-written span) | ours, content off | ratio | ours, content on | ratio"
            + " | floor + same content, naive | ours on / naive |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (String conversation : new String[] {"short", "1kb-14-turns", "1kb-1-message", "8kb-112-turns"}) {
      RunResult floor = find(results, "blockingFloorHandWrittenSpan", conversation);
      RunResult naive = find(results, "blockingFloorWithContentHandWritten", conversation);
      for (String mode : new String[] {"blocking", "streaming"}) {
        RunResult none = find(results, mode + "NoListener", conversation);
        RunResult off = find(results, mode + "OursContentOff", conversation);
        RunResult on = find(results, mode + "OursContentOn", conversation);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            conversation,
            mode,
            cell(none),
            cell(floor),
            cell(off),
            ratio(off, floor),
            cell(on),
            ratio(on, floor),
            cell(naive),
            ratio(on, naive));
      }
    }
  }

  private static void printOwnExportTable(List<RunResult> results) {
    printTwoAgainstOne(
        results,
        "Per chat call through the tracer's own export (content written on the batch thread)",
        "floor (hand-written span)", "blockingFloorHandWrittenSpan",
        "own export, content off", "ratio", "%sOwnExportContentOff",
        "own export, content on", "ratio", "%sOwnExportContentOn");
  }

  private static void printPeerTable(List<RunResult> results) {
    printTwoAgainstOne(
        results,
        "Against the peer stand-in (Micrometer Observation bridged to OpenTelemetry, see ObservationPeer)",
        "peer stand-in", "%sPeerObservation",
        "ours, content off", "ours off / peer", "%sOursContentOff",
        "own export, content on", "own on / peer", "%sOwnExportContentOn");
  }

  /**
   * A table of two variants, each with its ratio to a baseline, per conversation and mode. Method
   * names are formats: {@code %s} stands for the mode ({@code blocking}, {@code streaming}).
   */
  private static void printTwoAgainstOne(
      List<RunResult> results,
      String title,
      String baseLabel, String baseMethod,
      String aLabel, String aRatio, String aMethod,
      String bLabel, String bRatio, String bMethod) {
    System.out.println();
    System.out.println("## " + title);
    System.out.println();
    System.out.printf(
        "| conversation | mode | %s | %s | %s | %s | %s |%n", baseLabel, aLabel, aRatio, bLabel, bRatio);
    System.out.println("|---|---|---|---|---|---|---|");
    for (String conversation : new String[] {"short", "1kb-14-turns", "1kb-1-message", "8kb-112-turns"}) {
      for (String mode : new String[] {"blocking", "streaming"}) {
        RunResult base = find(results, String.format(baseMethod, mode), conversation);
        RunResult a = find(results, String.format(aMethod, mode), conversation);
        RunResult b = find(results, String.format(bMethod, mode), conversation);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s |%n",
            conversation, mode, cell(base), cell(a), ratio(a, base), cell(b), ratio(b, base));
      }
    }
  }

  private static void printDecoratorTable(List<RunResult> results) {
    RunResult bare = find(results, "aiServiceBare", null);
    RunResult decorated = find(results, "aiServiceDecorated", null);
    RunResult enriched = find(results, "aiServiceDecoratedWithTenKeyEnrichment", null);
    System.out.println();
    System.out.println("## Per AI-service call through the decorator");
    System.out.println();
    System.out.println("| variant | ns/op, B/op | added over bare |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| bare AI service | %s | |%n", cell(bare));
    System.out.printf(Locale.ROOT, "| decorated | %s | %s |%n", cell(decorated), added(decorated, bare));
    System.out.printf(
        Locale.ROOT, "| decorated + 10-key EnrichmentContext | %s | %s |%n", cell(enriched), added(enriched, bare));
    RunResult function = find(results, "functionBare", null);
    RunResult floor = find(results, "functionOtelSpanFloor", null);
    RunResult traced = find(results, "functionTraced", null);
    RunResult tracedOff = find(results, "functionTracedContentOff", null);
    System.out.println();
    System.out.println("## Per traced function (tracer.trace(name).input(..).call(..))");
    System.out.println();
    System.out.println("| variant | ns/op, B/op | added over bare |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| bare function | %s | |%n", cell(function));
    System.out.printf(Locale.ROOT, "| hand-written OpenTelemetry span, made current (floor) | %s | %s |%n", cell(floor), added(floor, function));
    System.out.printf(Locale.ROOT, "| traced, content on | %s | %s |%n", cell(traced), added(traced, function));
    System.out.printf(Locale.ROOT, "| traced, content off | %s | %s |%n", cell(tracedOff), added(tracedOff, function));
  }

  private static void printThroughputTable(Map<Integer, Collection<RunResult>> byThreads) {
    System.out.println();
    System.out.println("## Throughput through the real batch processor (calls/s, all threads together)");
    System.out.println();
    System.out.println("| threads | exporter discards | exporter stuck (queue full, spans dropped) |");
    System.out.println("|---|---|---|");
    for (Map.Entry<Integer, Collection<RunResult>> e : byThreads.entrySet()) {
      List<RunResult> results = new ArrayList<>(e.getValue());
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %s |%n",
          e.getKey(),
          score(find(results, "chatCall", "discarding", "exporter")),
          score(find(results, "chatCall", "stuck", "exporter")));
    }
  }

  private static void printExportTable(Collection<RunResult> export) {
    List<RunResult> results = new ArrayList<>(export);
    System.out.println();
    System.out.println("## Export: batches of 512 chat spans, OTLP/HTTP protobuf to a local sink");
    System.out.println();
    System.out.println(
        "| content | gzip | export only: spans/s | whole pipeline (call, content, encode, send): spans/s |"
            + " (bytes per span: printed by the run above, `bytes on the wire per span`; or run WireBytes) |");
    System.out.println("|---|---|---|---|---|");
    for (String content : new String[] {"false", "true"}) {
      for (String gzip : new String[] {"false", "true"}) {
        RunResult r = findExport(results, "exportBatchOf512", content, gzip);
        RunResult p = findExport(results, "pipeline512CallsThenFlush", content, gzip);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %,.0f | %,.0f | |%n",
            content.equals("true") ? "on" : "off",
            gzip.equals("true") ? "yes" : "no",
            r.getPrimaryResult().getScore() * ExportBenchmark.BATCH,
            p.getPrimaryResult().getScore() * ExportBenchmark.BATCH);
      }
    }
  }

  private static RunResult findExport(Collection<RunResult> results, String method, String content, String gzip) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)
          && content.equals(r.getParams().getParam("captureContent"))
          && gzip.equals(r.getParams().getParam("gzip"))) {
        return r;
      }
    }
    throw new IllegalStateException("no result for " + method + " content=" + content + " gzip=" + gzip);
  }

  private static RunResult find(Collection<RunResult> results, String method, String param) {
    return find(results, method, param, "conversation");
  }

  private static RunResult find(Collection<RunResult> results, String method, String param, String paramName) {
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      if (!label.endsWith("." + method)) {
        continue;
      }
      if (param == null || param.equals(r.getParams().getParam(paramName))) {
        return r;
      }
    }
    throw new IllegalStateException("no result for " + method + " " + param);
  }

  private static String cell(RunResult r) {
    return String.format(Locale.ROOT, "%,.0f ns, %,.0f B", r.getPrimaryResult().getScore(), allocation(r));
  }

  private static String score(RunResult r) {
    Result<?> primary = r.getPrimaryResult();
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", primary.getScore(), primary.getScoreError());
  }

  private static String ratio(RunResult ours, RunResult floor) {
    return String.format(
        Locale.ROOT,
        "%.2fx time, %.2fx alloc",
        ours.getPrimaryResult().getScore() / floor.getPrimaryResult().getScore(),
        allocation(ours) / allocation(floor));
  }

  private static String added(RunResult ours, RunResult bare) {
    return String.format(
        Locale.ROOT,
        "+%,.0f ns (%.2f µs), +%,.0f B",
        ours.getPrimaryResult().getScore() - bare.getPrimaryResult().getScore(),
        (ours.getPrimaryResult().getScore() - bare.getPrimaryResult().getScore()) / TimeUnit.MICROSECONDS.toNanos(1),
        allocation(ours) - allocation(bare));
  }

  private static double allocation(RunResult r) {
    Result<?> norm = r.getSecondaryResults().get("·gc.alloc.rate.norm");
    if (norm == null) {
      norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
    }
    return norm == null ? Double.NaN : norm.getScore();
  }

  private BenchmarkSuite() {}
}
