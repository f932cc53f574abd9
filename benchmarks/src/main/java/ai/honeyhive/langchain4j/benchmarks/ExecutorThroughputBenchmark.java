package ai.honeyhive.langchain4j.benchmarks;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Calls per second when {@link #TASKS} tasks of {@link #CALLS_PER_TASK} chat calls each run on an
 * executor: one virtual thread per task, or a pool of 64 platform threads, through the tracer's
 * real pipeline (content off) into an exporter that discards or is stuck. Each operation is all
 * of those calls, so the score is calls per second, executor overhead included in both variants.
 *
 * <p>Virtual threads need Java 21 or later: run this benchmark on such a JVM (see
 * benchmarks/README.md). On Java 17 the virtual-thread variant fails at setup; the suite does not
 * include this class.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ExecutorThroughputBenchmark {

  static final int TASKS = 1_000;
  static final int CALLS_PER_TASK = 20;

  @Param({"virtual-per-task", "platform-64"})
  public String executor;

  @Param({"discarding", "stuck"})
  public String exporter;

  private ExecutorService pool;
  private HoneyHiveExport export;
  private HoneyHiveTracer tracer;
  private ChatModel model;
  private ChatRequest request;
  private List<Callable<Object>> tasks;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    pool =
        executor.equals("virtual-per-task")
            // Java 21 API, looked up once so that this module still compiles for Java 17.
            ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null)
            : Executors.newFixedThreadPool(64);
    export = HoneyHiveExport.create(new ThroughputBenchmark.FakeExporter(!exporter.equals("stuck")), "bench");
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(export.openTelemetry())
            .project("bench")
            .captureContent(false)
            .build();
    model = InstantModels.chat(List.of(tracer.chatModelListener()));
    request = ChatCallBenchmark.request(40);
    tasks = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      tasks.add(
          () -> {
            Object last = null;
            for (int c = 0; c < CALLS_PER_TASK; c++) {
              last = model.chat(request);
            }
            return last;
          });
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf(
        "%n[%s, %s] spans exported=%d dropped=%d, JVM %s%n",
        executor,
        exporter,
        export.exportedSpans(),
        export.droppedSpans(),
        Runtime.version());
    pool.shutdownNow();
    tracer.close();
    export.shutdown(java.time.Duration.ofSeconds(1));
  }

  @Benchmark
  @OperationsPerInvocation(TASKS * CALLS_PER_TASK)
  public int twentyThousandCalls() throws Exception {
    int done = 0;
    for (Future<Object> f : pool.invokeAll(tasks)) {
      if (f.get() != null) {
        done++;
      }
    }
    return done;
  }
}
