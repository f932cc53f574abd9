package ai.honeyhive.langchain4j.quarkus;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * An ended guardrail span with its outcome added: the attributes and, for a guardrail that did not
 * pass, the error status. Quarkus LangChain4j reports the outcome after the guardrail's span has
 * ended, so the outcome is added to what the span processors export rather than to the span.
 */
final class GuardrailOutcomeSpan implements ReadableSpan {

  private final ReadableSpan span;
  private final SpanData data;
  private final Attributes attributes;

  GuardrailOutcomeSpan(ReadableSpan span, Attributes outcome, String errorMessage) {
    this.span = span;
    SpanData ended = span.toSpanData();
    this.attributes = ended.getAttributes().toBuilder().putAll(outcome).build();
    int added = attributes.size() - ended.getAttributes().size();
    StatusData status = errorMessage == null ? ended.getStatus() : StatusData.create(StatusCode.ERROR, errorMessage);
    this.data =
        new DelegatingSpanData(ended) {
          @Override
          public Attributes getAttributes() {
            return attributes;
          }

          @Override
          public int getTotalAttributeCount() {
            return Math.max(attributes.size(), ended.getTotalAttributeCount() + added);
          }

          @Override
          public StatusData getStatus() {
            return status;
          }
        };
  }

  @Override
  public SpanContext getSpanContext() {
    return span.getSpanContext();
  }

  @Override
  public SpanContext getParentSpanContext() {
    return span.getParentSpanContext();
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
    return attributes.get(key);
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }
}
