package ai.honeyhive.langchain4j.quarkus;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended span with another parent: the HTTP client span of a model request, under the model
 * span it belongs to, in what HoneyHive's span processors export. The span itself (and what the
 * application's other exporters see) keeps its parent.
 */
final class ReparentedSpan implements ReadableSpan {

  private final ReadableSpan span;
  private final SpanContext parent;
  private final SpanData data;

  ReparentedSpan(ReadableSpan span, SpanData ended, SpanContext parent) {
    this.span = span;
    this.parent = parent;
    this.data =
        new DelegatingSpanData(ended) {
          @Override
          public SpanContext getParentSpanContext() {
            return parent;
          }

          @Override
          public String getParentSpanId() {
            return parent.getSpanId();
          }
        };
  }

  @Override
  public SpanContext getSpanContext() {
    return span.getSpanContext();
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public String getName() {
    return span.getName();
  }

  @Override
  public SpanData toSpanData() {
    return data;
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return span.getInstrumentationLibraryInfo();
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return span.getInstrumentationScopeInfo();
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public long getLatencyNanos() {
    return span.getLatencyNanos();
  }

  @Override
  public SpanKind getKind() {
    return span.getKind();
  }

  @Override
  public <T> T getAttribute(AttributeKey<T> key) {
    return span.getAttribute(key);
  }

  @Override
  public Attributes getAttributes() {
    return span.getAttributes();
  }
}
