package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_SEED;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_REASONING_TOKENS;

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
 */
final class OpenAiDetails {

  static void request(SpanBuilder span, ChatRequestParameters parameters, boolean maxTokensSet) {
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

  static void usage(Span span, TokenUsage usage) {
    if (usage instanceof OpenAiTokenUsage) {
      OpenAiTokenUsage u = (OpenAiTokenUsage) usage;
      if (u.inputTokensDetails() != null && u.inputTokensDetails().cachedTokens() != null) {
        long cached = u.inputTokensDetails().cachedTokens().longValue();
        span.setAttribute(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cached);
        span.setAttribute(HONEYHIVE_CACHE_READ_INPUT_TOKENS, cached);
      }
      if (u.outputTokensDetails() != null && u.outputTokensDetails().reasoningTokens() != null) {
        long reasoning = u.outputTokensDetails().reasoningTokens().longValue();
        span.setAttribute(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
        span.setAttribute(HONEYHIVE_REASONING_TOKENS, reasoning);
      }
    }
  }

  private OpenAiDetails() {}
}
