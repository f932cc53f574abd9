package ai.honeyhive.langchain4j.quarkus;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * The library writes a span's session, enrichment and content onto a {@link SpanBuilder}; this one
 * passes only the attributes on, to a span that someone else started (Quarkus' own) or to the
 * attributes of a span being exported.
 */
final class AttributeWriter implements SpanBuilder {

  /** Where the attributes go. */
  interface Sink {
    <T> void put(AttributeKey<T> key, T value);
  }

  private final Sink sink;

  private AttributeWriter(Sink sink) {
    this.sink = sink;
  }

  static AttributeWriter to(Span span) {
    return new AttributeWriter(span::setAttribute);
  }

  static AttributeWriter to(AttributesBuilder attributes) {
    return new AttributeWriter(attributes::put);
  }

  @Override
  public SpanBuilder setParent(Context context) {
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext) {
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext, io.opentelemetry.api.common.Attributes attributes) {
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    if (value != null) {
      sink.put(AttributeKey.stringKey(key), value);
    }
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    sink.put(AttributeKey.longKey(key), value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    sink.put(AttributeKey.doubleKey(key), value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    sink.put(AttributeKey.booleanKey(key), value);
    return this;
  }

  @Override
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      sink.put(key, value);
    }
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind spanKind) {
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
    return this;
  }

  /** Never called: the span was started by someone else. */
  @Override
  public Span startSpan() {
    return Span.getInvalid();
  }
}
