package ai.honeyhive.langchain4j.internal.providers;

import dev.langchain4j.model.ModelProvider;

/** Maps LangChain4j's {@link ModelProvider} to the GenAI semconv {@code gen_ai.provider.name}. */
/** Internal: not part of the public API; may change at any time. */
public final class ProviderNames {

  /**
   * Returns the well-known semconv value where there is one, else the provider's name in lower case
   * (for example {@code github_models}), so a provider added by a newer LangChain4j still shows up.
   */
  public static String of(ModelProvider provider) {
    if (provider == null) {
      return "unknown";
    }
    // A switch over name() rather than the constants: a constant that the user's LangChain4j
    // version lacks must not break class loading here.
    switch (provider.name()) {
      case "OPEN_AI":
        return "openai";
      case "AZURE_OPEN_AI":
        return "azure.ai.openai";
      case "MICROSOFT_FOUNDRY":
        return "azure.ai.inference";
      case "ANTHROPIC":
        return "anthropic";
      case "AMAZON_BEDROCK":
        return "aws.bedrock";
      case "GOOGLE_AI_GEMINI":
      case "GOOGLE_GENAI":
        return "gcp.gemini";
      case "GOOGLE_VERTEX_AI_GEMINI":
      case "GOOGLE_VERTEX_AI_ANTHROPIC":
        return "gcp.vertex_ai";
      case "MISTRAL_AI":
        return "mistral_ai";
      case "OLLAMA":
        return "ollama";
      case "WATSONX":
        return "ibm.watsonx.ai";
      case "COHERE":
        return "cohere";
      default:
        return provider.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private ProviderNames() {}
}
