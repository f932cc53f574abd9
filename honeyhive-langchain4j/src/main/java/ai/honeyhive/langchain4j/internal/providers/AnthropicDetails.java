package ai.honeyhive.langchain4j.internal.providers;

import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;

/**
 * What only {@code langchain4j-anthropic} knows: prompt-cache reads and writes. Touched only when
 * {@link LangChain4jFeatures#ANTHROPIC} is true, so the module stays optional.
 *
 * <p>Anthropic's {@code input_tokens} counts neither cache reads nor cache writes, while the GenAI
 * conventions say {@code gen_ai.usage.input_tokens} SHOULD include all input tokens, cached ones
 * too. So the span's input count is the sum of the three, as OpenAI's {@code prompt_tokens} already
 * is: one rule for every provider, and HoneyHive's per-session sums compare like with like.
 */
final class AnthropicDetails {

  static void usage(Span span, TokenUsage usage) {
    if (usage instanceof AnthropicTokenUsage) {
      AnthropicTokenUsage u = (AnthropicTokenUsage) usage;
      ProviderDetails.cacheReportedApart(
          span, u.inputTokenCount(), u.cacheReadInputTokens(), u.cacheCreationInputTokens());
    }
  }


  private AnthropicDetails() {}
}
