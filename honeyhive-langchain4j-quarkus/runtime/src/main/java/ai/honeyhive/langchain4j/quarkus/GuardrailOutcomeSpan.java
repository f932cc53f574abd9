package ai.honeyhive.langchain4j.quarkus;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * An ended guardrail span with its outcome added: the attributes and, for a guardrail that did not
 * pass, the error status. Quarkus LangChain4j reports the outcome after the guardrail's span has
 * ended, so the outcome is added to what the span processors export rather than to the span.
 */
final class GuardrailOutcomeSpan extends EndedSpanCopy {

  GuardrailOutcomeSpan(ReadableSpan span, Attributes outcome, String errorMessage) {
    super(span, withOutcome(span.toSpanData(), outcome, errorMessage));
  }

  private static SpanData withOutcome(SpanData ended, Attributes outcome, String errorMessage) {
    Attributes attributes = ended.getAttributes().toBuilder().putAll(outcome).build();
    int added = attributes.size() - ended.getAttributes().size();
    StatusData status = errorMessage == null ? ended.getStatus() : StatusData.create(StatusCode.ERROR, errorMessage);
    return new DelegatingSpanData(ended) {
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
}
