package ai.honeyhive.langchain4j.internal.providers;

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
    if (usage instanceof BedrockTokenUsage) {
      BedrockTokenUsage u = (BedrockTokenUsage) usage;
      ProviderDetails.cacheReportedApart(
          span, u.inputTokenCount(), u.cacheReadInputTokens(), u.cacheWriteInputTokens());
    }
  }


  private BedrockDetails() {}
}
