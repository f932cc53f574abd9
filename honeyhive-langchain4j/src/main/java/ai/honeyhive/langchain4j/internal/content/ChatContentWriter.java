package ai.honeyhive.langchain4j.internal.content;

import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.export.LateAttributes;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * A chat call's content, written when its span is exported. It holds the call's LangChain4j
 * request and response, which are immutable, and writes exactly what the listener would have
 * written on the span: the same filter, the same keys, the same JSON.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class ChatContentWriter implements LateAttributes.Writer {

  private final ChatRequest request;
  private final ChatResponse response;
  private final ContentFilter filter;
  private final InternalFailures failures;

  /**
   * @param request the call's request; its messages and tool definitions are written
   * @param response the call's response, or null for a failed call (inputs only)
   */
  public ChatContentWriter(
      ChatRequest request, ChatResponse response, ContentFilter filter, InternalFailures failures) {
    this.request = request;
    this.response = response;
    this.filter = filter;
    this.failures = failures;
  }

  @Override
  public void write(AttributesBuilder into) {
    MessageContent.Sink sink = into::put;
    input(sink, request, filter, failures);
    output(sink, response, filter, failures);
  }

  /** The request's messages and tool definitions; a failure costs only them. */
  public static void input(
      MessageContent.Sink sink, ChatRequest request, ContentFilter filter, InternalFailures failures) {
    if (request == null) {
      return;
    }
    try {
      ChatRequestParameters parameters = request.parameters();
      MessageContent.recordInput(
          sink,
          request.messages(),
          parameters == null ? null : parameters.toolSpecifications(),
          filter);
    } catch (Throwable t) {
      failures.record("chat input content", t);
    }
  }

  /** The response's message and finish reason; a failure costs only them. */
  public static void output(
      MessageContent.Sink sink, ChatResponse response, ContentFilter filter, InternalFailures failures) {
    if (response == null) {
      return;
    }
    try {
      MessageContent.recordOutput(
          sink,
          response.aiMessage(),
          response.metadata() == null ? null : response.metadata().finishReason(),
          filter);
    } catch (Throwable t) {
      failures.record("chat output content", t);
    }
  }
}
