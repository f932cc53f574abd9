package ai.honeyhive.langchain4j.benchmarks;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Calls per second through the tracer's real pipeline (bounded queue, batch processor) into an
 * exporter that either discards at once or is stuck (a HoneyHive that never answers: the queue
 * fills and spans are dropped). Run with {@code -t 2}, {@code -t 8}, {@code -t 64}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ThroughputBenchmark {

  @Param({"discarding", "stuck"})
  public String exporter;

  private HoneyHiveExport export;
  private HoneyHiveTracer tracer;
  private ChatModel model;
  private ChatRequest request;

  /**
   * An exporter that either succeeds at once or never completes an export (what a hanging
   * HoneyHive looks like to the batch processor).
   */
  static final class FakeExporter implements SpanExporter {
    private final boolean completes;

    FakeExporter(boolean completes) {
      this.completes = completes;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return completes ? CompletableResultCode.ofSuccess() : new CompletableResultCode();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    export = HoneyHiveExport.create(new FakeExporter(!exporter.equals("stuck")), "bench");
    tracer = HoneyHiveTracer.builder().openTelemetry(export.openTelemetry()).project("bench").captureContent(false).build();
    model = InstantModels.chat(List.of(tracer.chatModelListener()));
    request = ChatCallBenchmark.request(40);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%n[%s] spans exported=%d dropped=%d%n", exporter, export.exportedSpans(), export.droppedSpans());
    tracer.close();
    export.shutdown(java.time.Duration.ofSeconds(1));
  }

  @Benchmark
  public ChatResponse chatCall() {
    return model.chat(request);
  }
}
