package ai.honeyhive.langchain4j.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HoneyHive's copy of a model request's HTTP client span is under the model span that sent it;
 * the application's other exporters see the span as it was made. Ambiguous or no match: as it is.
 */
class ModelRequestNestingTest {

  private final Collected honeyHive = new Collected();
  private final Collected other = new Collected();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(new HoneyHiveSpanProcessor(List.of(honeyHive)))
          .addSpanProcessor(other)
          .build();
  private final Tracer library = provider.get(HoneyHiveTracer.INSTRUMENTATION_SCOPE);
  private final Tracer quarkus = provider.get("io.quarkus.opentelemetry");

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void theHttpClientSpanOfAModelRequestIsUnderTheModelSpanInHoneyHivesCopyOnly() {
    Span service = quarkus.spanBuilder("langchain4j.aiservices.Assistant.chat").startSpan();
    try (Scope ignored = service.makeCurrent()) {
      Span model = model();
      Span request = httpClient();
      request.end();
      model.end();
      Span afterwards = httpClient(); // no model span open any more
      afterwards.end();

      assertThat(honeyHive.get(request).getParentSpanId()).isEqualTo(model.getSpanContext().getSpanId());
      assertThat(honeyHive.get(request).getParentSpanContext().getSpanId()).isEqualTo(model.getSpanContext().getSpanId());
      assertThat(other.get(request).getParentSpanId()).isEqualTo(service.getSpanContext().getSpanId());
      assertThat(honeyHive.get(model).getParentSpanId()).isEqualTo(service.getSpanContext().getSpanId());
      assertThat(honeyHive.get(afterwards).getParentSpanId()).isEqualTo(service.getSpanContext().getSpanId());
    } finally {
      service.end();
    }
  }

  @Test
  void twoOpenModelSpansUnderTheSameParentAreAmbiguous() {
    Span service = quarkus.spanBuilder("service").startSpan();
    try (Scope ignored = service.makeCurrent()) {
      Span first = model();
      Span second = model();
      Span request = httpClient();
      request.end();
      first.end();
      second.end();
      assertThat(honeyHive.get(request).getParentSpanId()).isEqualTo(service.getSpanContext().getSpanId());
    } finally {
      service.end();
    }
  }

  @Test
  void anHttpSpanThatStartedBeforeTheModelSpanOrIsNotAClientKeepsItsParent() {
    Span service = quarkus.spanBuilder("service").startSpan();
    try (Scope ignored = service.makeCurrent()) {
      Span early = httpClient();
      sleep();
      Span model = model();
      Span server =
          quarkus.spanBuilder("GET /x").setSpanKind(SpanKind.SERVER)
              .setAttribute(AttributeKey.stringKey("http.request.method"), "GET").startSpan();
      Span internal = quarkus.spanBuilder("work").startSpan();
      early.end();
      server.end();
      internal.end();
      model.end();
      for (Span s : List.of(early, server, internal)) {
        assertThat(honeyHive.get(s).getParentSpanId()).isEqualTo(service.getSpanContext().getSpanId());
      }
    } finally {
      service.end();
    }
  }

  private Span model() {
    return library
        .spanBuilder("chat gpt-4o-mini")
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setAttribute("honeyhive_event_type", "model")
        .setAttribute("gen_ai.operation.name", "chat")
        .startSpan();
  }

  private Span httpClient() {
    return quarkus
        .spanBuilder("POST /chat/completions")
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("http.request.method", "POST")
        .startSpan();
  }

  private static void sleep() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The spans a processor was handed, as it would export them. */
  static final class Collected implements SpanProcessor {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    SpanData get(Span span) {
      String id = span.getSpanContext().getSpanId();
      return spans.stream().filter(s -> s.getSpanId().equals(id)).findFirst().orElseThrow();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
