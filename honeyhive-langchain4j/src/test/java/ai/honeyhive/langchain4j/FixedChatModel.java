package ai.honeyhive.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An in-process model: answers at once with a response computed from the request, so tests can
 * control metadata (null usage, null model) that a real provider always fills. The streaming twin
 * answers on another thread, as real streaming models do.
 */
final class FixedChatModel implements ChatModel {

  private final List<ChatModelListener> listeners;
  private final Function<ChatRequest, ChatResponse> answer;
  private final ModelProvider provider;

  FixedChatModel(
      ModelProvider provider, Function<ChatRequest, ChatResponse> answer, ChatModelListener... listeners) {
    this.provider = provider;
    this.answer = answer;
    this.listeners = List.of(listeners);
  }

  /** Echoes the last user message's text, with token usage and an id. */
  static ChatResponse echo(ChatRequest request) {
    String text = "";
    List<ChatMessage> messages = request.messages();
    for (ChatMessage m : messages) {
      if (m instanceof UserMessage && ((UserMessage) m).hasSingleText()) {
        text = ((UserMessage) m).singleText();
      }
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from("echo: " + text))
        .metadata(
            ChatResponseMetadata.builder()
                .id("resp-" + text)
                .modelName(request.parameters().modelName())
                .tokenUsage(new TokenUsage(3, 4))
                .finishReason(FinishReason.STOP)
                .build())
        .build();
  }

  /** Like {@link #echo} but with a fixed response id, so the text appears only as content. */
  static ChatResponse echoWithFixedId(ChatRequest request) {
    ChatResponse echoed = echo(request);
    return ChatResponse.builder()
        .aiMessage(echoed.aiMessage())
        .metadata(echoed.metadata().toBuilder().id("resp-fixed").build())
        .build();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return answer.apply(request);
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  @Override
  public ModelProvider provider() {
    return provider;
  }

  /** The streaming twin: completes (or fails) on the given executor. */
  static final class Streaming implements StreamingChatModel {
    private final List<ChatModelListener> listeners;
    private final Function<ChatRequest, ChatResponse> answer;
    private final Executor executor;

    Streaming(Executor executor, Function<ChatRequest, ChatResponse> answer, ChatModelListener... listeners) {
      this.executor = executor;
      this.answer = answer;
      this.listeners = List.of(listeners);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      executor.execute(
          () -> {
            ChatResponse response;
            try {
              response = answer.apply(request);
            } catch (RuntimeException e) {
              handler.onError(e);
              return;
            }
            handler.onPartialResponse(response.aiMessage().text());
            handler.onCompleteResponse(response);
          });
    }

    @Override
    public List<ChatModelListener> listeners() {
      return listeners;
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }
  }
}
