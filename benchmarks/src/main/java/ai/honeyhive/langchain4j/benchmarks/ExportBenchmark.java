package ai.honeyhive.langchain4j.benchmarks;

import ai.honeyhive.langchain4j.BenchmarkAccess;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Encoding and sending: one batch of 512 real chat spans (made by our listener) through the OTLP
 * exporter to a local HTTP sink. Spans per second = ops/s x 512; bytes per span is printed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ExportBenchmark {

  static final int BATCH = 512;

  @Param({"false", "true"})
  public boolean captureContent;

  /** Gzip request bodies ({@code compression("gzip")}); the figure to watch is the export's CPU. */
  @Param({"false", "true"})
  public boolean gzip;

  private HttpServer sink;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private SpanExporter exporter;
  private List<SpanData> batch;
  private HoneyHiveTracer pipeline;
  private ChatModel pipelineModel;
  private ChatRequest request;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        exchange -> {
          bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.start();
    exporter =
        HoneyHiveExport.spanExporter(
            "http://127.0.0.1:" + sink.getAddress().getPort(), "hh-bench-key", "dev", "bench", gzip);

    InMemorySpanExporter memory = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build())
            .build();
    HoneyHiveTracer tracer =
        HoneyHiveTracer.builder().openTelemetry(sdk).project("bench").captureContent(captureContent).build();
    ChatModel model = InstantModels.chat(List.of(tracer.chatModelListener()));
    request = ChatCallBenchmark.request(200);
    for (int i = 0; i < BATCH; i++) {
      model.chat(request);
    }
    batch = new ArrayList<>(memory.getFinishedSpanItems());
    tracer.close();
    sdk.close();

    // The whole pipeline as a user gets it: the tracer's own SDK (content written on the batch
    // thread) exporting to the sink with the same OTLP exporter.
    pipeline =
        BenchmarkAccess.ownExportTracer(
            HoneyHiveExport.spanExporter(
                "http://127.0.0.1:" + sink.getAddress().getPort(), "hh-bench-key", "dev", "bench", gzip),
            captureContent);
    pipelineModel = InstantModels.chat(List.of(pipeline.chatModelListener()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long spans = requests.get() * BATCH;
    System.out.printf(
        "%n[captureContent=%s gzip=%s] bytes on the wire per span: %.0f (%d requests)%n",
        captureContent, gzip, spans == 0 ? 0.0 : (double) bytes.get() / spans, requests.get());
    System.out.printf(
        "[captureContent=%s] pipeline: dropped %d spans%n", captureContent, pipeline.droppedSpans());
    pipeline.close();
    exporter.shutdown();
    sink.stop(0);
  }

  /**
   * 512 chat calls through the tracer's own pipeline, then a flush that returns when HoneyHive's
   * stand-in has them: calls, content, encoding and sending, all threads' work together. 512 is
   * below the bounded queue's 2,048, so nothing is dropped.
   */
  @Benchmark
  public boolean pipeline512CallsThenFlush() {
    for (int i = 0; i < BATCH; i++) {
      pipelineModel.chat(request);
    }
    return pipeline.flush();
  }

  @Benchmark
  public boolean exportBatchOf512() {
    return exporter.export(batch).join(10, TimeUnit.SECONDS).isSuccess();
  }
}
