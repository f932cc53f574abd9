package ai.honeyhive.langchain4j.rag;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_PROVIDER_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_MODEL;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.providers.ProviderNames;
import dev.langchain4j.model.moderation.listener.ModerationModelErrorContext;
import dev.langchain4j.model.moderation.listener.ModerationModelListener;
import dev.langchain4j.model.moderation.listener.ModerationModelRequestContext;
import dev.langchain4j.model.moderation.listener.ModerationModelResponseContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * Moderation spans, started in {@code onRequest} and ended in {@code onResponse}/{@code onError}
 * like the retrieval spans. A class of its own: its listener type is there from LangChain4j 1.12.
 */
final class ModerationListener implements ModerationModelListener {

  private final Instrumentation instrumentation;

  ModerationListener(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  @Override
  public void onRequest(ModerationModelRequestContext context) {
    try {
      String model =
          context.moderationRequest() == null ? null : context.moderationRequest().modelName();
      SpanBuilder builder =
          instrumentation
              .spanBuilder(model == null ? "moderation" : "moderation " + model, SpanKind.CLIENT, Context.current(), EventTypes.MODEL)
              .setAttribute(GEN_AI_OPERATION_NAME, "moderation")
              .setAttribute(GEN_AI_PROVIDER_NAME, ProviderNames.of(context.modelProvider()));
      if (model != null) {
        builder.setAttribute(GEN_AI_REQUEST_MODEL, model);
      }
      if (instrumentation.captureContent && context.moderationRequest() != null && context.moderationRequest().texts() != null) {
        List<String> texts = context.moderationRequest().texts();
        for (int i = 0; i < texts.size(); i++) {
          builder.setAttribute(HONEYHIVE_INPUTS_PREFIX + "texts." + i, instrumentation.content.apply(texts.get(i)));
        }
      }
      RagListeners.start(context.attributes(), builder);
    } catch (Throwable t) {
      instrumentation.failures.record("ModerationModelListener.onRequest", t);
    }
  }

  @Override
  public void onResponse(ModerationModelResponseContext context) {
    Span span = instrumentation.take(context.attributes(), RagListeners.SPAN_KEY);
    if (span == null) {
      return;
    }
    try {
      if (context.moderationResponse() != null && context.moderationResponse().moderation() != null) {
        dev.langchain4j.model.moderation.Moderation m = context.moderationResponse().moderation();
        span.setAttribute(AttributeKey.booleanKey(HONEYHIVE_OUTPUTS_PREFIX + "flagged"), m.flagged());
        if (instrumentation.captureContent && m.flaggedText() != null) {
          span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "flagged_text", instrumentation.content.apply(m.flaggedText()));
        }
      }
    } catch (Throwable t) {
      instrumentation.failures.record("ModerationModelListener.onResponse", t);
    } finally {
      span.end();
    }
  }

  @Override
  public void onError(ModerationModelErrorContext context) {
    RagListeners.fail(instrumentation, context.attributes(), context.error());
  }
}
