package ai.honeyhive.langchain4j.internal.aiservices;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.content.MessageContent;
import ai.honeyhive.langchain4j.internal.content.Values;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.V;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What only the {@code langchain4j} module (AI services) knows: {@code Result}, {@code TokenStream},
 * {@code @V}. Touched only when {@link LangChain4jFeatures#AI_SERVICES} is true.
 */
final class AiServicesSupport {

  static boolean isV(Annotation a) {
    return a instanceof V;
  }

  static String vName(Annotation a) {
    return ((V) a).value();
  }

  static boolean isTokenStream(Class<?> type) {
    return TokenStream.class.isAssignableFrom(type);
  }

  static boolean isResult(Class<?> type) {
    return Result.class.isAssignableFrom(type);
  }

  /** Records what a {@code Result} says: answer, finish reason, token usage, sources, tools. */
  /** {@code content} is null when content capture is off. */
  static void recordResult(Span span, Object value, ContentFilter content) {
    Result<?> result = (Result<?>) value;
    if (content != null && result.content() != null) {
      Values.put(span, HONEYHIVE_OUTPUTS_PREFIX + "result", result.content(), content);
    }
    if (result.finishReason() != null) {
      span.setAttribute(
          HONEYHIVE_OUTPUTS_PREFIX + "finish_reason", MessageContent.finishReason(result.finishReason()));
    }
    TokenUsage usage = result.tokenUsage();
    if (usage != null) {
      if (usage.inputTokenCount() != null) {
        span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "token_usage.input", usage.inputTokenCount().longValue());
      }
      if (usage.outputTokenCount() != null) {
        span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "token_usage.output", usage.outputTokenCount().longValue());
      }
      if (usage.totalTokenCount() != null) {
        span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "token_usage.total", usage.totalTokenCount().longValue());
      }
    }
    List<Content> sources = result.sources();
    if (sources != null) {
      span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "sources_count", (long) sources.size());
    }
    List<ToolExecution> tools = result.toolExecutions();
    if (tools != null) {
      for (int i = 0; i < tools.size(); i++) {
        MessageContent.toolCall(span::setAttribute, HONEYHIVE_OUTPUTS_PREFIX, i, tools.get(i).request(), content);
      }
    }
  }

  static Object traced(Object tokenStream, Span span, Context context, Instrumentation instrumentation) {
    return new TracedTokenStream((TokenStream) tokenStream, span, context, instrumentation);
  }

  /**
   * A {@code TokenStream} whose span ends when the stream completes or fails, never at return. Every
   * call is passed on (consumers wrapped to run under the call's context), so LangChain4j validates
   * the user's configuration exactly as it would without us.
   */
  static final class TracedTokenStream implements TokenStream {
    private final TokenStream delegate;
    private final Span span;
    private final Context context;
    private final Instrumentation instrumentation;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Consumer<ChatResponse>> completeHandlers = new ArrayList<>();
    private final List<Consumer<Throwable>> errorHandlers = new ArrayList<>();
    private int ignoreErrorsCalls;

    TracedTokenStream(TokenStream delegate, Span span, Context context, Instrumentation instrumentation) {
      this.delegate = delegate;
      this.span = span;
      this.context = context;
      this.instrumentation = instrumentation;
    }

    @Override
    public TokenStream onPartialResponse(Consumer<String> handler) {
      delegate.onPartialResponse(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onPartialResponseWithContext(BiConsumer<PartialResponse, PartialResponseContext> handler) {
      delegate.onPartialResponseWithContext(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onPartialThinking(Consumer<PartialThinking> handler) {
      delegate.onPartialThinking(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onPartialThinkingWithContext(BiConsumer<PartialThinking, PartialThinkingContext> handler) {
      delegate.onPartialThinkingWithContext(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onPartialToolCall(Consumer<PartialToolCall> handler) {
      delegate.onPartialToolCall(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onPartialToolCallWithContext(BiConsumer<PartialToolCall, PartialToolCallContext> handler) {
      delegate.onPartialToolCallWithContext(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onRetrieved(Consumer<List<Content>> handler) {
      delegate.onRetrieved(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onIntermediateResponse(Consumer<ChatResponse> handler) {
      delegate.onIntermediateResponse(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream beforeToolExecution(Consumer<BeforeToolExecution> handler) {
      delegate.beforeToolExecution(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onUnmappedRawEvent(Consumer<Object> handler) {
      delegate.onUnmappedRawEvent(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onToolExecuted(Consumer<ToolExecution> handler) {
      delegate.onToolExecuted(context.wrapConsumer(handler));
      return this;
    }

    @Override
    public TokenStream onCompleteResponse(Consumer<ChatResponse> handler) {
      completeHandlers.add(handler);
      return this;
    }

    @Override
    public TokenStream onError(Consumer<Throwable> handler) {
      errorHandlers.add(handler);
      return this;
    }

    @Override
    public TokenStream ignoreErrors() {
      ignoreErrorsCalls++;
      return this;
    }

    @Override
    public void start() {
      // Completion: ours, then the user's (if any). More than one user handler is passed on as is,
      // so LangChain4j rejects it as it would without us.
      if (completeHandlers.size() <= 1) {
        Consumer<ChatResponse> user = completeHandlers.isEmpty() ? null : completeHandlers.get(0);
        delegate.onCompleteResponse(
            response -> {
              completed(response);
              if (user != null) {
                try (Scope ignored = context.makeCurrent()) {
                  user.accept(response);
                }
              }
            });
      } else {
        completeHandlers.forEach(h -> delegate.onCompleteResponse(context.wrapConsumer(h)));
      }
      // Errors: exactly one of onError/ignoreErrors is valid; we observe through onError either way.
      if (errorHandlers.size() + ignoreErrorsCalls == 1) {
        Consumer<Throwable> user = errorHandlers.isEmpty() ? null : errorHandlers.get(0);
        delegate.onError(
            error -> {
              failed(error);
              if (user != null) {
                try (Scope ignored = context.makeCurrent()) {
                  user.accept(error);
                }
              }
            });
      } else {
        errorHandlers.forEach(h -> delegate.onError(context.wrapConsumer(h)));
        for (int i = 0; i < ignoreErrorsCalls; i++) {
          delegate.ignoreErrors();
        }
      }
      try (Scope ignored = context.makeCurrent()) {
        delegate.start();
      } catch (RuntimeException | Error e) {
        failed(e);
        throw e;
      }
    }

    private void completed(ChatResponse response) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      try {
        if (instrumentation.captureContent
            && response != null
            && response.aiMessage() != null
            && response.aiMessage().text() != null) {
          span.setAttribute(
              HONEYHIVE_OUTPUTS_PREFIX + "result", instrumentation.content.apply(response.aiMessage().text()));
        }
        if (response != null && response.metadata() != null && response.metadata().finishReason() != null) {
          span.setAttribute(
              HONEYHIVE_OUTPUTS_PREFIX + "finish_reason",
              MessageContent.finishReason(response.metadata().finishReason()));
        }
      } catch (Throwable t) {
        instrumentation.failures.record("TokenStream completion", t);
      } finally {
        span.end();
      }
    }

    private void failed(Throwable error) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      try {
        Instrumentation.recordError(span, error);
      } catch (Throwable t) {
        instrumentation.failures.record("TokenStream error", t);
      } finally {
        span.end();
      }
    }
  }

  private AiServicesSupport() {}
}
