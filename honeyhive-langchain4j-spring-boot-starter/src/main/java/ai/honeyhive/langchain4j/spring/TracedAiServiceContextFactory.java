package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.spi.services.AiServiceContextFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * LangChain4j's {@code AiServiceContextFactory} service provider: every {@code
 * AiServices.builder(...)} in the application (the LangChain4j starter's {@code @AiService} beans
 * and services built by hand) starts from a context on which the application's tracer has
 * registered its tool hooks and AI-service listeners, as {@code tracer.configure(aiServices)} would.
 * Until the auto-configuration has created the tracer, or after it is closed, contexts are plain.
 *
 * <p>Public only because {@link java.util.ServiceLoader} instantiates it; not for direct use.
 */
public final class TracedAiServiceContextFactory implements AiServiceContextFactory {

  private static final AtomicReference<HoneyHiveTracer> application = new AtomicReference<>();

  /** Called by {@link java.util.ServiceLoader}. */
  public TracedAiServiceContextFactory() {}

  /**
   * A new context for {@code aiServiceClass}, configured by the application's tracer if there is
   * one.
   *
   * @param aiServiceClass the AI-service interface
   * @return a new context
   */
  @Override
  public AiServiceContext create(Class<?> aiServiceClass) {
    Context context = new Context(aiServiceClass);
    HoneyHiveTracer tracer = application.get();
    if (tracer != null) {
      try {
        tracer.configure(context);
      } catch (RuntimeException | LinkageError e) {
        HoneyHiveAutoConfiguration.logger.warning(
            "HoneyHive: could not register tracing on AI service " + aiServiceClass.getName() + ": " + e);
      }
    }
    return context;
  }

  static void register(HoneyHiveTracer tracer) {
    application.set(tracer);
  }

  static HoneyHiveTracer registered() {
    return application.get();
  }

  static void unregister(HoneyHiveTracer tracer) {
    application.compareAndSet(tracer, null);
  }

  /** The context itself is LangChain4j's; its constructor is protected. */
  private static final class Context extends AiServiceContext {
    Context(Class<?> aiServiceClass) {
      super(aiServiceClass);
    }
  }
}
