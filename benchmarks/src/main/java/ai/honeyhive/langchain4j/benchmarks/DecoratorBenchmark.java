package ai.honeyhive.langchain4j.benchmarks;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One AI-service call over an instant model: bare, through our decorator, and through our
 * decorator with a 10-key EnrichmentContext current. Content capture on (the default). Then one
 * traced function ({@code tracer.trace(...)}): bare, as a hand-written OpenTelemetry span made
 * current (the floor any tracing of a function pays), traced with content on and off.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class DecoratorBenchmark {

  public interface Assistant {
    String chat(String message);
  }

  private OpenTelemetrySdk sdk;
  private HoneyHiveTracer tracer;
  private Assistant bare;
  private Assistant decorated;
  private EnrichmentContext tenKeys;
  private HoneyHiveTracer contentOff;
  private io.opentelemetry.api.trace.Tracer otelTracer;
  private static final String QUESTION = "What is the capital of France?";

  @Setup(Level.Trial)
  public void setUp() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new ChatCallBenchmark.Discard()).build())
            .build();
    tracer = HoneyHiveTracer.builder().openTelemetry(sdk).project("bench").build();
    bare = AiServices.builder(Assistant.class).chatModel(InstantModels.chat(List.of())).build();
    decorated = tracer.decorate(Assistant.class, bare);
    EnrichmentContext.Builder builder = EnrichmentContext.builder();
    for (int i = 0; i < 10; i++) {
      builder.metadata("key_" + i, "value " + i);
    }
    tenKeys = builder.build();
    contentOff = HoneyHiveTracer.builder().openTelemetry(sdk).project("bench").captureContent(false).build();
    otelTracer = sdk.getTracer("bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tracer.close();
    contentOff.close();
    sdk.close();
  }

  @Benchmark
  public String aiServiceBare() {
    return bare.chat("What is the capital of France?");
  }

  @Benchmark
  public String aiServiceDecorated() {
    return decorated.chat("What is the capital of France?");
  }

  @Benchmark
  public String aiServiceDecoratedWithTenKeyEnrichment() {
    try (io.opentelemetry.context.Scope ignored = tenKeys.makeCurrent()) {
      return decorated.chat("What is the capital of France?");
    }
  }

  /** The function every traced-function benchmark runs: a little work on its input. */
  static int work(String question) {
    return question.length() * 31 + question.charAt(question.length() - 1);
  }

  @Benchmark
  public int functionBare() {
    return work(QUESTION);
  }

  @Benchmark
  public int functionOtelSpanFloor() {
    io.opentelemetry.api.trace.Span span = otelTracer.spanBuilder("step").startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      return work(QUESTION);
    } finally {
      span.end();
    }
  }

  @Benchmark
  public int functionTraced() {
    return tracer.trace("step").input("question", QUESTION).call(() -> work(QUESTION));
  }

  @Benchmark
  public int functionTracedContentOff() {
    return contentOff.trace("step").input("question", QUESTION).call(() -> work(QUESTION));
  }
}
