package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_REASONING_TOKENS;

import dev.langchain4j.model.openaiofficial.OpenAiOfficialTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;

/**
 * What only {@code langchain4j-open-ai-official} knows: cached and reasoning tokens. Touched only
 * when {@link LangChain4jFeatures#OPENAI_OFFICIAL} is true, so the module stays optional.
 *
 * <p>The module maps Chat Completions' {@code prompt_tokens} and {@code completion_tokens} to the
 * plain counts; OpenAI counts cached input inside the first and reasoning inside the second, so
 * the span's input and output counts are already what the GenAI conventions ask for.
 */
final class OpenAiOfficialDetails {

  static void usage(Span span, TokenUsage usage) {
    if (!(usage instanceof OpenAiOfficialTokenUsage)) {
      return;
    }
    OpenAiOfficialTokenUsage u = (OpenAiOfficialTokenUsage) usage;
    OpenAiOfficialTokenUsage.InputTokensDetails input = u.inputTokensDetails();
    if (input != null && input.cachedTokens() != null) {
      long cached = input.cachedTokens().longValue();
      span.setAttribute(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cached);
      span.setAttribute(HONEYHIVE_CACHE_READ_INPUT_TOKENS, cached);
    }
    OpenAiOfficialTokenUsage.OutputTokensDetails output = u.outputTokensDetails();
    if (output != null && output.reasoningTokens() != null) {
      long reasoning = output.reasoningTokens().longValue();
      span.setAttribute(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
      span.setAttribute(HONEYHIVE_REASONING_TOKENS, reasoning);
    }
  }

  private OpenAiOfficialDetails() {}
}
