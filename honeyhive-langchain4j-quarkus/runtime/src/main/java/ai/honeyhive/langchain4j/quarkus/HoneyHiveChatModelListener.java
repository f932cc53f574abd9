package ai.honeyhive.langchain4j.quarkus;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import jakarta.inject.Singleton;

/**
 * The tracer's chat-model listener as a CDI bean: Quarkus LangChain4j registers every {@link
 * ChatModelListener} bean on the models it builds, so each model call is a {@code chat {model}}
 * span with this library's attributes. Quarkus LangChain4j's own chat span is switched off by the
 * extension, so that a model call is one span, not two. Does nothing while tracing is off.
 */
@Singleton
public class HoneyHiveChatModelListener implements ChatModelListener {

  private final HoneyHiveTracing tracing;

  HoneyHiveChatModelListener(HoneyHiveTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void onRequest(ChatModelRequestContext requestContext) {
    HoneyHiveTracer tracer = tracing.tracer();
    if (tracer != null) {
      tracer.chatModelListener().onRequest(requestContext);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext responseContext) {
    HoneyHiveTracer tracer = tracing.tracer();
    if (tracer != null) {
      tracer.chatModelListener().onResponse(responseContext);
    }
  }

  @Override
  public void onError(ChatModelErrorContext errorContext) {
    HoneyHiveTracer tracer = tracing.tracer();
    if (tracer != null) {
      tracer.chatModelListener().onError(errorContext);
    }
  }
}
