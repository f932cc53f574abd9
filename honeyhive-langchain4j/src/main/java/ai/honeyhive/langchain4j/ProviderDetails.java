package ai.honeyhive.langchain4j;

import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;

/**
 * Token counts that only a provider's own {@link TokenUsage} subclass carries (cache reads and
 * writes, reasoning or thinking tokens). Each provider's reader is a separate class touched only
 * behind its {@link LangChain4jFeatures} flag, so a provider module the application lacks is never
 * loaded. A plain {@code TokenUsage} (the common case for providers without extra counts) returns
 * after one class comparison.
 *
 * <p>One rule for every provider: {@code gen_ai.usage.input_tokens} includes cached input (read and
 * written), and {@code gen_ai.usage.output_tokens} includes reasoning output, as the GenAI
 * conventions ask. A reader whose provider reports them apart adds them up.
 */
final class ProviderDetails {

  static void usage(Span span, TokenUsage usage) {
    if (usage.getClass() == TokenUsage.class) {
      return;
    }
    if (LangChain4jFeatures.OPENAI) {
      OpenAiDetails.usage(span, usage);
    }
    if (LangChain4jFeatures.ANTHROPIC) {
      AnthropicDetails.usage(span, usage);
    }
    if (LangChain4jFeatures.GEMINI) {
      GeminiDetails.usage(span, usage);
    }
  }

  private ProviderDetails() {}
}
