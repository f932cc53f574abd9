package ai.honeyhive.langchain4j.internal;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Forwards every callback, each variant to the same variant, so the user's handler behaves exactly
 * as without us; runs each under the caller's {@link Context} (so enrichment and the parent span are
 * current in callbacks on the model's threads), and tells subclasses about chunks, completion and
 * failure first. Our own faults in those hooks never reach the user's handler.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public abstract class ForwardingStreamingHandler implements StreamingChatResponseHandler {

  private final StreamingChatResponseHandler delegate;
  private final Context context;
  private final InternalFailures failures;

  protected ForwardingStreamingHandler(StreamingChatResponseHandler delegate, Context context, InternalFailures failures) {
    this.delegate = delegate;
    this.context = context;
    this.failures = failures;
  }

  /** Called before each streamed chunk (text, thinking or tool call) is forwarded. */
  protected void chunk() {}

  /** Called before the complete response is forwarded. */
  protected void completed(ChatResponse response) {}

  /** Called before the error is forwarded. */
  protected void failed(Throwable error) {}

  private void safely(Runnable hook, String where) {
    try {
      hook.run();
    } catch (Throwable t) {
      failures.record(where, t);
    }
  }

  @Override
  public void onPartialResponse(String partialResponse) {
    safely(this::chunk, "streaming chunk");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onPartialResponse(partialResponse);
    }
  }

  @Override
  public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext responseContext) {
    safely(this::chunk, "streaming chunk");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onPartialResponse(partialResponse, responseContext);
    }
  }

  @Override
  public void onPartialThinking(PartialThinking partialThinking) {
    safely(this::chunk, "streaming chunk");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onPartialThinking(partialThinking);
    }
  }

  @Override
  public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext thinkingContext) {
    safely(this::chunk, "streaming chunk");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onPartialThinking(partialThinking, thinkingContext);
    }
  }

  @Override
  public void onPartialToolCall(PartialToolCall partialToolCall) {
    safely(this::chunk, "streaming chunk");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onPartialToolCall(partialToolCall);
    }
  }

  @Override
  public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext toolCallContext) {
    safely(this::chunk, "streaming chunk");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onPartialToolCall(partialToolCall, toolCallContext);
    }
  }

  @Override
  public void onCompleteToolCall(CompleteToolCall completeToolCall) {
    try (Scope ignored = context.makeCurrent()) {
      delegate.onCompleteToolCall(completeToolCall);
    }
  }

  @Override
  public void onUnmappedRawEvent(Object rawEvent) {
    try (Scope ignored = context.makeCurrent()) {
      delegate.onUnmappedRawEvent(rawEvent);
    }
  }

  @Override
  public void onCompleteResponse(ChatResponse completeResponse) {
    safely(() -> completed(completeResponse), "streaming completion");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onCompleteResponse(completeResponse);
    }
  }

  @Override
  public void onError(Throwable error) {
    safely(() -> failed(error), "streaming error");
    try (Scope ignored = context.makeCurrent()) {
      delegate.onError(error);
    }
  }
}
