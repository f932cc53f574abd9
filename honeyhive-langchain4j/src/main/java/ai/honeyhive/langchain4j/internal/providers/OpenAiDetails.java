package ai.honeyhive.langchain4j.internal.providers;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_SEED;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;

/**
 * What only {@code langchain4j-open-ai} knows: seed, max completion tokens, cached and reasoning
 * tokens. That module is optional for our users, so this class is touched only when {@link
 * LangChain4jFeatures#OPENAI} is true, which keeps it unloaded (and its imports unresolved) otherwise.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class OpenAiDetails {

  public static void request(SpanBuilder span, ChatRequestParameters parameters, boolean maxTokensSet) {
    if (parameters instanceof OpenAiChatRequestParameters) {
      OpenAiChatRequestParameters p = (OpenAiChatRequestParameters) parameters;
      if (p.seed() != null) {
        span.setAttribute(GEN_AI_REQUEST_SEED, p.seed().longValue());
      }
      if (!maxTokensSet && p.maxCompletionTokens() != null) {
        span.setAttribute(GEN_AI_REQUEST_MAX_TOKENS, p.maxCompletionTokens().longValue());
      }
    }
  }

  public static void usage(Span span, TokenUsage usage) {
    if (usage instanceof OpenAiTokenUsage) {
      OpenAiTokenUsage u = (OpenAiTokenUsage) usage;
      ProviderDetails.cachedAndReasoning(
          span,
          u.inputTokensDetails() == null ? null : u.inputTokensDetails().cachedTokens(),
          u.outputTokensDetails() == null ? null : u.outputTokensDetails().reasoningTokens());
    }
  }

  private OpenAiDetails() {}
}
