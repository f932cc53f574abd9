package ai.honeyhive.langchain4j.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Attributes written at export: merge rules, limits, failures, bounds and cleanup. */
class LateAttributesTest {

  private static final AttributeKey<String> A = AttributeKey.stringKey("a");
  private static final AttributeKey<String> B = AttributeKey.stringKey("b");
  private static final AttributeKey<String> C = AttributeKey.stringKey("c");
  private static final AttributeKey<Long> N = AttributeKey.longKey("n");

  private static SpanData span(String spanId, Attributes attributes) {
    return TestSpanData.builder()
        .setName("chat")
        .setKind(SpanKind.CLIENT)
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c", spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setStartEpochNanos(1_000_000_000L)
        .setEndEpochNanos(2_000_000_000L)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  @Test
  void theSpansOwnValueWinsAndTheLimitCutsLateAttributesCountingThemInTheTotal() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    LateAttributes late = new LateAttributes(10);
    SpanExporter exporter = new LateAttributesExporter(memory, late, 3);
    SpanData own = span("b7ad6b7169203331", Attributes.of(A, "own", N, 7L));
    SpanData untouched = span("b7ad6b7169203332", Attributes.of(A, "other"));
    assertThat(late.defer(own.getSpanContext(), into -> into.put(A, "late").put(B, "b").put(C, "c"))).isTrue();

    assertThat(exporter.export(List.of(own, untouched)).isSuccess()).isTrue();

    SpanData exported = memory.getFinishedSpanItems().get(0);
    // a: the span's own value; b fits the limit of 3; c does not, and is counted as dropped.
    assertThat(exported.getAttributes().asMap())
        .containsOnly(
            java.util.Map.entry(A, "own"), java.util.Map.entry(N, 7L), java.util.Map.entry(B, "b"));
    assertThat(exported.getTotalAttributeCount()).isEqualTo(4);
    assertThat(exported.getSpanContext()).isEqualTo(own.getSpanContext());
    assertThat(exported.getName()).isEqualTo("chat");
    assertThat(memory.getFinishedSpanItems().get(1)).isSameAs(untouched);
    assertThat(late.pending()).isZero();
  }

  @Test
  void aThrowingWriterCostsOnlyItsOwnAttributesAndIsLoggedOnce() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    LateAttributes late = new LateAttributes(10);
    SpanExporter exporter = new LateAttributesExporter(memory, late, 100);
    SpanData first = span("b7ad6b7169203331", Attributes.of(A, "own"));
    SpanData second = span("b7ad6b7169203332", Attributes.of(A, "own"));
    SpanData third = span("b7ad6b7169203333", Attributes.of(A, "own"));
    LateAttributes.Writer broken =
        into -> {
          into.put(B, "half-written");
          throw new IllegalStateException("writer bug");
        };
    late.defer(first.getSpanContext(), broken);
    late.defer(second.getSpanContext(), broken);
    late.defer(third.getSpanContext(), into -> into.put(B, "fine"));
    List<LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("ai.honeyhive.langchain4j.HoneyHiveTracer");
    logger.addHandler(handler);
    try {
      assertThat(exporter.export(List.of(first, second, third)).isSuccess()).isTrue();
    } finally {
      logger.removeHandler(handler);
    }

    List<SpanData> exported = memory.getFinishedSpanItems();
    assertThat(exported).hasSize(3);
    assertThat(exported.get(0)).isSameAs(first);
    assertThat(exported.get(1)).isSameAs(second);
    assertThat(exported.get(2).getAttributes().get(B)).isEqualTo("fine");
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getThrown()).hasMessage("writer bug");
  }

  @Test
  void whenFullDeferSaysNoSoTheCallerWritesItself() {
    LateAttributes late = new LateAttributes(2);
    SpanContext one = span("b7ad6b7169203331", Attributes.empty()).getSpanContext();
    SpanContext two = span("b7ad6b7169203332", Attributes.empty()).getSpanContext();
    SpanContext three = span("b7ad6b7169203333", Attributes.empty()).getSpanContext();

    assertThat(late.defer(one, into -> {})).isTrue();
    assertThat(late.defer(two, into -> {})).isTrue();
    assertThat(late.defer(three, into -> {})).isFalse();
    assertThat(late.pending()).isEqualTo(2);

    late.close();
    assertThat(late.pending()).isZero();
    assertThat(late.defer(three, into -> {})).isFalse();
  }

  /** Accepts the first batch and never answers, as a hung HoneyHive would. */
  private static final class StuckExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return new CompletableResultCode();
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

  @Test
  void aSpanDroppedByTheFullQueueLeavesNothingWaiting() throws InterruptedException {
    HoneyHiveExport export = HoneyHiveExport.create(new StuckExporter(), "svc");
    Tracer tracer = export.openTelemetry().getTracer("test");
    LateAttributes late = export.lateAttributes();
    AtomicInteger written = new AtomicInteger();
    int spans = 5_000;

    for (int i = 0; i < spans; i++) {
      Span span = tracer.spanBuilder("chat").startSpan();
      assertThat(late.defer(span.getSpanContext(), into -> written.incrementAndGet())).isTrue();
      span.end();
    }

    // Exactly the queue's capacity was forwarded; each of those is either written (handed to the
    // stuck exporter) or still waiting. Every dropped span's writer is gone.
    assertThat(export.droppedSpans()).isEqualTo(spans - HoneyHiveExport.MAX_QUEUED_SPANS);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (written.get() + late.pending() != HoneyHiveExport.MAX_QUEUED_SPANS
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(written.get() + late.pending()).isEqualTo(HoneyHiveExport.MAX_QUEUED_SPANS);

    export.shutdown(Duration.ofMillis(100));
    assertThat(late.pending()).isZero();
  }
}
