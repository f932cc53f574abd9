package ai.honeyhive.langchain4j.internal.aiservices;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code HoneyHiveTracer} hands out for AI services: the decorator, and the hooks and
 * listeners that {@code configure} registers. The hooks are made on first use: they need the
 * {@code langchain4j} module, which core-only users do not have.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class AiServiceTracing {

  private final Instrumentation instrumentation;
  private volatile AiServiceHooks hooks;

  /** The AI-service side of one tracer. */
  public AiServiceTracing(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  /** A proxy of {@code type} whose every call is a span; arguments checked as the tracer documents. */
  public <T> T decorate(Class<T> type, T delegate) {
    if (type == null) {
      throw new NullPointerException("decorate(type, delegate): type must not be null");
    }
    if (delegate == null) {
      throw new NullPointerException("decorate(type, delegate): delegate must not be null");
    }
    if (!type.isInterface()) {
      throw new IllegalArgumentException(
          "decorate(type, delegate): " + type.getName() + " is not an interface; pass the AI-service interface");
    }
    if (!type.isInstance(delegate)) {
      throw new IllegalArgumentException(
          "decorate(type, delegate): the delegate, a " + delegate.getClass().getName()
              + ", does not implement " + type.getName());
    }
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, new TracingInvocationHandler(type, delegate, instrumentation));
    return type.cast(proxy);
  }

  /** Registers the tool hooks and AI-service listeners the user's LangChain4j has on {@code aiServices}. */
  public <T> AiServices<T> configure(AiServices<T> aiServices) {
    if (aiServices == null) {
      throw new NullPointerException("configure(aiServices): aiServices must not be null");
    }
    AiServiceHooks hooks = hooks();
    // What the user's LangChain4j lacks is left out (docs/compatibility.md); build() said so once.
    if (LangChain4jFeatures.TOOL_HOOKS) {
      aiServices.beforeToolExecution(hooks.beforeToolExecution);
      aiServices.afterToolExecution(hooks.afterToolExecution);
    }
    if (LangChain4jFeatures.AI_SERVICE_LISTENERS) {
      aiServices.registerListeners(hooks.listeners);
    }
    return aiServices;
  }

  /** The same as {@link #configure(AiServices)}, on a context made through LangChain4j's SPI. */
  public void configure(AiServiceContext context) {
    if (context == null) {
      throw new NullPointerException("configure(context): context must not be null");
    }
    AiServiceHooks hooks = hooks();
    if (LangChain4jFeatures.TOOL_HOOKS) {
      context.toolService.beforeToolExecution(hooks.beforeToolExecution);
      context.toolService.afterToolExecution(hooks.afterToolExecution);
    }
    if (LangChain4jFeatures.AI_SERVICE_LISTENERS) {
      context.eventListenerRegistrar.register(hooks.listeners);
    }
  }

  /** The hook that starts a tool span. */
  public Consumer<BeforeToolExecution> beforeToolExecution() {
    return hooks().beforeToolExecution;
  }

  /** The hook that ends a tool span. */
  public Consumer<ToolExecution> afterToolExecution() {
    return hooks().afterToolExecution;
  }

  /** The AI-service listeners: guardrail spans and invocation tracking. */
  public List<AiServiceListener<?>> listeners() {
    return hooks().listeners;
  }

  /** The hooks, made on first use. */
  private AiServiceHooks hooks() {
    AiServiceHooks h = hooks;
    if (h == null) {
      synchronized (this) {
        h = hooks;
        if (h == null) {
          h = new AiServiceHooks(instrumentation);
          hooks = h;
        }
      }
    }
    return h;
  }
}
