package ai.honeyhive.langchain4j.internal.providers;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_CACHE_READ_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_CACHE_WRITE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_REASONING_TOKENS;

import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
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
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class ProviderDetails {

  public static void usage(Span span, TokenUsage usage) {
    if (usage.getClass() == TokenUsage.class) {
      return;
    }
    if (LangChain4jFeatures.OPENAI) {
      OpenAiDetails.usage(span, usage);
    }
    if (LangChain4jFeatures.ANTHROPIC) {
      AnthropicDetails.usage(span, usage);
    }
    if (LangChain4jFeatures.BEDROCK) {
      BedrockDetails.usage(span, usage);
    }
    if (LangChain4jFeatures.OPENAI_OFFICIAL) {
      OpenAiOfficialDetails.usage(span, usage);
    }
    if (LangChain4jFeatures.GEMINI) {
      GeminiDetails.usage(span, usage);
    }
  }

  /**
   * Cache reads and writes reported apart from {@code uncachedInput} (Anthropic, Bedrock): each
   * count under both spellings, and the span's input count made their sum. Null counts are absent.
   */
  public static void cacheReportedApart(Span span, Integer uncachedInput, Integer read, Integer written) {
    if (read != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, read.longValue());
      span.setAttribute(HONEYHIVE_CACHE_READ_INPUT_TOKENS, read.longValue());
    }
    if (written != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, written.longValue());
      span.setAttribute(HONEYHIVE_CACHE_WRITE_INPUT_TOKENS, written.longValue());
    }
    if (uncachedInput != null && (read != null || written != null)) {
      long total = uncachedInput.longValue() + (read == null ? 0 : read) + (written == null ? 0 : written);
      span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, total);
    }
  }

  /**
   * Cached input and reasoning output that the provider's input and output counts already include
   * (OpenAI's two modules; Gemini's cached input): each under both spellings. Null counts are absent.
   */
  public static void cachedAndReasoning(Span span, Integer cachedInput, Integer reasoningOutput) {
    if (cachedInput != null) {
      span.setAttribute(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cachedInput.longValue());
      span.setAttribute(HONEYHIVE_CACHE_READ_INPUT_TOKENS, cachedInput.longValue());
    }
    if (reasoningOutput != null) {
      span.setAttribute(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoningOutput.longValue());
      span.setAttribute(HONEYHIVE_REASONING_TOKENS, reasoningOutput.longValue());
    }
  }

  private ProviderDetails() {}
}
