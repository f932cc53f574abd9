package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_CACHE_WRITE_INPUT_TOKENS;

import dev.langchain4j.model.bedrock.BedrockTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;

/**
 * What only {@code langchain4j-bedrock} knows: prompt-cache reads and writes from the Converse
 * API. Touched only when {@link LangChain4jFeatures#BEDROCK} is true, so the module stays optional.
 *
 * <p>With prompt caching, Converse's {@code usage.inputTokens} counts only the input neither read
 * from nor written to the cache (AWS: total input is {@code inputTokens + cacheReadInputTokens +
 * cacheWriteInputTokens}), and LangChain4j passes it through unchanged as the input count. So the
 * span's input count is the sum of the three, the same rule as for Anthropic.
 */
final class BedrockDetails {

  static void usage(Span span, TokenUsage usage) {
    if (!(usage instanceof BedrockTokenUsage)) {
      return;
    }
    BedrockTokenUsage u = (BedrockTokenUsage) usage;
    Integer read = u.cacheReadInputTokens();
    Integer written = u.cacheWriteInputTokens();
    if (read != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, read.longValue());
      span.setAttribute(HONEYHIVE_CACHE_READ_INPUT_TOKENS, read.longValue());
    }
    if (written != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, written.longValue());
      span.setAttribute(HONEYHIVE_CACHE_WRITE_INPUT_TOKENS, written.longValue());
    }
    if (u.inputTokenCount() != null && (read != null || written != null)) {
      long total = u.inputTokenCount().longValue() + (read == null ? 0 : read) + (written == null ? 0 : written);
      span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, total);
    }
  }

  private BedrockDetails() {}
}
