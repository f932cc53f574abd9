package ai.honeyhive.langchain4j.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the user's LangChain4j has, found once per JVM by name (no class of theirs is initialised).
 * The library is compiled against a recent release but runs on any 1.x: code that needs an API
 * newer than 1.0.0 is reached only behind one of these flags, so an older release turns that
 * feature off (or onto its fallback) instead of failing the user's call. docs/compatibility.md
 * lists the same boundaries; the compat module's tests check them on real releases.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class LangChain4jFeatures {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);
  private static final AtomicBoolean reported = new AtomicBoolean();

  /** The {@code langchain4j-open-ai} module: cached and reasoning tokens, seed, service tier. */
  public static final boolean OPENAI = hasClass("dev.langchain4j.model.openai.OpenAiTokenUsage");

  /** The {@code langchain4j-anthropic} module: prompt-cache read and creation tokens. */
  public static final boolean ANTHROPIC =
      hasMethod("dev.langchain4j.model.anthropic.AnthropicTokenUsage", "cacheCreationInputTokens");

  /** The {@code langchain4j-bedrock} module (1.9.0 on): Converse prompt-cache read and write tokens. */
  public static final boolean BEDROCK =
      hasMethod("dev.langchain4j.model.bedrock.BedrockTokenUsage", "cacheWriteInputTokens");

  /**
   * The {@code langchain4j-open-ai-official} module (OpenAI's Java SDK): cached and reasoning
   * tokens, as {@code Integer} since 1.8.0-beta15. Its 1.0.0 betas returned {@code Long} from
   * record accessors, which our calls cannot link to; the nested builder came with the change.
   */
  public static final boolean OPENAI_OFFICIAL =
      hasClass("dev.langchain4j.model.openaiofficial.OpenAiOfficialTokenUsage$InputTokensDetails$Builder");

  /** The {@code langchain4j-google-ai-gemini} module: context-cache reads and thinking tokens. */
  public static final boolean GEMINI =
      hasMethod("dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage", "thoughtsTokenCount");

  /** The {@code langchain4j} module (AI services): {@code Result}, {@code TokenStream}, {@code @V}. */
  public static final boolean AI_SERVICES = hasClass("dev.langchain4j.service.TokenStream");

  /** 1.2: {@code AiMessage.thinking()}. */
  public static final boolean THINKING = hasMethod("dev.langchain4j.data.message.AiMessage", "thinking");

  /** 1.6: {@code AiServices.registerListeners} and the AI-service events (guardrails among them). */
  public static final boolean AI_SERVICE_LISTENERS =
      AI_SERVICES && hasMethod("dev.langchain4j.service.AiServices", "registerListeners");

  /** 1.8: {@code ToolExecution.hasFailed()}. */
  public static final boolean TOOL_FAILURE = hasMethod("dev.langchain4j.service.tool.ToolExecution", "hasFailed");

  /** 1.9: {@code GuardrailExecutedEvent.duration()}; before, a guardrail span has no length. */
  public static final boolean GUARDRAIL_DURATION =
      hasMethod("dev.langchain4j.observability.api.event.GuardrailExecutedEvent", "duration");

  /** 1.11: {@code AiServices.beforeToolExecution/afterToolExecution}, so tool spans have real times. */
  public static final boolean TOOL_HOOKS =
      AI_SERVICES && hasMethod("dev.langchain4j.service.AiServices", "beforeToolExecution");

  /** 1.11: {@code AiServiceRequestIssuedEvent}: which AI-service call a model call on another thread serves. */
  public static final boolean REQUEST_ISSUED =
      AI_SERVICE_LISTENERS
          && hasClass("dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener");

  /** 1.11: retriever, embedding-model and embedding-store listeners. */
  public static final boolean RAG_LISTENERS =
      hasClass("dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener")
          && hasClass("dev.langchain4j.model.embedding.listener.EmbeddingModelListener")
          && hasClass("dev.langchain4j.store.embedding.listener.EmbeddingStoreListener");

  /** 1.12: the moderation-model listener. */
  public static final boolean MODERATION_LISTENER =
      hasClass("dev.langchain4j.model.moderation.listener.ModerationModelListener");

  /** 1.13: the invocation context on tool hooks and tool start/finish times. */
  public static final boolean TOOL_INVOCATION_CONTEXT =
      hasMethod("dev.langchain4j.service.tool.BeforeToolExecution", "invocationContext")
          && hasMethod("dev.langchain4j.service.tool.ToolExecution", "startTime");

  /** 1.13: {@code ChatRequestOptions}, through which the streaming decorator passes its timing. */
  public static final boolean CHAT_REQUEST_OPTIONS = hasClass("dev.langchain4j.model.chat.ChatRequestOptions");

  /** 1.13: {@code ToolSpecification.toJson()}, the tool's parameter schema as JSON. */
  public static final boolean TOOL_SPEC_JSON = hasMethod("dev.langchain4j.agent.tool.ToolSpecification", "toJson");

  /** 1.16: {@code GuardrailExecutedEvent.guardrailName()}; before, the guardrail's class names it. */
  public static final boolean GUARDRAIL_NAME =
      hasMethod("dev.langchain4j.observability.api.event.GuardrailExecutedEvent", "guardrailName");

  /** 1.18: the embedding model's provider on its listener contexts. */
  public static final boolean EMBEDDING_PROVIDER =
      hasMethod("dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext", "modelProvider");

  /**
   * The {@code langchain4j-agentic} module, 1.13.0-beta23 or later (its agent tool hooks): agent
   * spans. Without it no agent class of ours is loaded.
   */
  public static final boolean AGENTIC = hasClass("dev.langchain4j.agentic.observability.BeforeAgentToolExecution");

  /** An agentic module older than 1.13.0-beta23: it has an agent listener, but not the API we read. */
  public static final boolean AGENTIC_TOO_OLD =
      !AGENTIC && hasClass("dev.langchain4j.agentic.observability.AgentListener");

  /**
   * The {@code langchain4j-mcp} module, 1.14.0-beta24 or later: listener callbacks for every client
   * request (tools, resources, prompts, initialize, ping) and a supplier of each request's {@code
   * _meta}. Without it no MCP class of ours is loaded.
   */
  public static final boolean MCP =
      hasMethod("dev.langchain4j.mcp.client.McpClientListener", "beforeToolsList")
          && hasClass("dev.langchain4j.mcp.client.McpMetaSupplier");

  /** An older {@code langchain4j-mcp} than {@link #MCP} needs; said once at build(). */
  private static final boolean MCP_TOO_OLD =
      !MCP && hasClass("dev.langchain4j.mcp.client.McpClient");

  /** The version of {@code langchain4j-core} on the classpath, or {@code "unknown"}. */
  public static final String VERSION = version();

  /**
   * Says once per JVM, at INFO, which features this LangChain4j release turns off or onto a
   * fallback, and why. Nothing when everything is on.
   */
  public static void reportOnce() {
    if (!reported.compareAndSet(false, true)) {
      return;
    }
    try {
      List<String> limits = limits();
      if (!limits.isEmpty()) {
        logger.log(
            Level.INFO,
            "HoneyHive: LangChain4j " + VERSION + " lacks APIs that some spans need; "
                + String.join("; ", limits)
                + ". Everything else is traced. See docs/compatibility.md.");
      }
    } catch (Throwable ignored) {
      // A broken log handler is not a reason to fail build().
    }
  }

  /** What is off or on a fallback with this release, one phrase each; empty when all is on. */
  public static List<String> limits() {
    List<String> limits = new ArrayList<>();
    if (AI_SERVICES && !TOOL_HOOKS) {
      limits.add("tool spans are rebuilt from the conversation (real tool hooks need 1.11)");
    } else if (TOOL_HOOKS && !TOOL_INVOCATION_CONTEXT) {
      limits.add("tool spans run on other threads are not parented to their AI-service call (needs 1.13)");
    }
    if (AI_SERVICES && !AI_SERVICE_LISTENERS) {
      limits.add("guardrail spans are off (AI-service events need 1.6)");
    }
    if (AI_SERVICE_LISTENERS && !REQUEST_ISSUED) {
      limits.add("model calls a streaming AI service makes after a tool call are not parented to it (needs 1.11)");
    }
    if (!RAG_LISTENERS) {
      limits.add("retrieval, embedding and embedding-store spans are off (their listeners need 1.11)");
    }
    if (!MODERATION_LISTENER) {
      limits.add("moderation spans are off (its listener needs 1.12)");
    }
    if (AGENTIC_TOO_OLD) {
      limits.add("agent spans are off (they need langchain4j-agentic 1.13.0-beta23 or later)");
    }
    if (MCP_TOO_OLD) {
      limits.add("MCP spans are off (langchain4j-mcp 1.14.0-beta24 or later needed)");
    }
    if (!TOOL_SPEC_JSON) {
      limits.add("tool definitions carry no parameter schema (needs 1.13)");
    }
    return limits;
  }

  private static boolean hasClass(String className) {
    try {
      Class.forName(className, false, LangChain4jFeatures.class.getClassLoader());
      return true;
    } catch (Throwable notThere) {
      return false;
    }
  }

  private static boolean hasMethod(String className, String method) {
    try {
      Class<?> type = Class.forName(className, false, LangChain4jFeatures.class.getClassLoader());
      for (java.lang.reflect.Method m : type.getMethods()) {
        if (m.getName().equals(method)) {
          return true;
        }
      }
      return false;
    } catch (Throwable notThere) {
      return false;
    }
  }

  private static String version() {
    try (InputStream in =
        LangChain4jFeatures.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/dev.langchain4j/langchain4j-core/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (Throwable ignored) {
      // Shaded or repackaged LangChain4j: the flags above still hold.
    }
    return "unknown";
  }

  private LangChain4jFeatures() {}
}
