package ai.honeyhive.langchain4j.internal.providers;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;

/**
 * What only {@code langchain4j-google-ai-gemini} knows: context-cache reads and thinking tokens.
 * Touched only when {@link LangChain4jFeatures#GEMINI} is true, so the module stays optional.
 *
 * <p>LangChain4j maps Gemini's {@code promptTokenCount} to the input count and {@code
 * candidatesTokenCount} to the output count. Google documents the first as including cached content
 * ({@code cachedContentTokenCount} is a part of it), so the input count already follows the GenAI
 * conventions' rule and is left as it is. The second excludes thinking ({@code thoughtsTokenCount}
 * is counted apart, and {@code totalTokenCount} adds the two), while the conventions count reasoning
 * as output: so the span's output count is candidates plus thoughts, as OpenAI's {@code
 * completion_tokens} already is.
 */
final class GeminiDetails {

  static void usage(Span span, TokenUsage usage) {
    if (!(usage instanceof GoogleAiGeminiTokenUsage)) {
      return;
    }
    GoogleAiGeminiTokenUsage u = (GoogleAiGeminiTokenUsage) usage;
    Integer thoughts = u.thoughtsTokenCount();
    ProviderDetails.cachedAndReasoning(span, u.cachedContentTokenCount(), thoughts);
    if (thoughts != null) {
      // Gemini leaves out a count that is zero, so a reply that is all thinking has no candidates count.
      long candidates = u.outputTokenCount() == null ? 0 : u.outputTokenCount();
      span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, candidates + thoughts);
    }
  }

  private GeminiDetails() {}
}
