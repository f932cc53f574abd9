package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_CACHE_WRITE_INPUT_TOKENS;

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
    if (!(usage instanceof AnthropicTokenUsage)) {
      return;
    }
    AnthropicTokenUsage u = (AnthropicTokenUsage) usage;
    Integer read = u.cacheReadInputTokens();
    Integer created = u.cacheCreationInputTokens();
    if (read != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, read.longValue());
      span.setAttribute(HONEYHIVE_CACHE_READ_INPUT_TOKENS, read.longValue());
    }
    if (created != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, created.longValue());
      span.setAttribute(HONEYHIVE_CACHE_WRITE_INPUT_TOKENS, created.longValue());
    }
    if (u.inputTokenCount() != null && (read != null || created != null)) {
      long total = u.inputTokenCount().longValue() + (read == null ? 0 : read) + (created == null ? 0 : created);
      span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, total);
    }
  }

  private AnthropicDetails() {}
}
