package ai.honeyhive.langchain4j.internal.providers;

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
    if (usage instanceof OpenAiOfficialTokenUsage) {
      OpenAiOfficialTokenUsage u = (OpenAiOfficialTokenUsage) usage;
      ProviderDetails.cachedAndReasoning(
          span,
          u.inputTokensDetails() == null ? null : u.inputTokensDetails().cachedTokens(),
          u.outputTokensDetails() == null ? null : u.outputTokensDetails().reasoningTokens());
    }
  }


  private OpenAiOfficialDetails() {}
}
