package ai.honeyhive.langchain4j.quarkus;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended span with another parent: the HTTP client span of a model request, under the model
 * span it belongs to, in what HoneyHive's span processors export. The span itself (and what the
 * application's other exporters see) keeps its parent.
 */
final class ReparentedSpan extends EndedSpanCopy {

  ReparentedSpan(ReadableSpan span, SpanData ended, SpanContext parent) {
    super(
        span,
        new DelegatingSpanData(ended) {
          @Override
          public SpanContext getParentSpanContext() {
            return parent;
          }

          @Override
          public String getParentSpanId() {
            return parent.getSpanId();
          }
        });
  }
}
