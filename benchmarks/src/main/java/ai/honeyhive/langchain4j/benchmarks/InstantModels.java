package ai.honeyhive.langchain4j.benchmarks;

import dev.langchain4j.data.message.AiMessage;
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

/** Models that answer at once, in-process, so a benchmark measures only what listeners cost. */
final class InstantModels {

  static final ChatResponse ANSWER =
      ChatResponse.builder()
          .aiMessage(AiMessage.from("The capital of France is Paris."))
          .metadata(
              ChatResponseMetadata.builder()
                  .id("chatcmpl-benchmark")
                  .modelName("gpt-4o-mini-2024-07-18")
                  .tokenUsage(new TokenUsage(24, 8))
                  .finishReason(FinishReason.STOP)
                  .build())
          .build();

  static ChatModel chat(List<ChatModelListener> listeners) {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return ANSWER;
      }

      @Override
      public List<ChatModelListener> listeners() {
        return listeners;
      }

      @Override
      public ModelProvider provider() {
        return ModelProvider.OPEN_AI;
      }
    };
  }

  /** Streams one chunk and completes on the caller's thread: the listener's cost, not a thread hop. */
  static StreamingChatModel streaming(List<ChatModelListener> listeners) {
    return new StreamingChatModel() {
      @Override
      public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        handler.onPartialResponse("The capital of France is Paris.");
        handler.onCompleteResponse(ANSWER);
      }

      @Override
      public List<ChatModelListener> listeners() {
        return listeners;
      }

      @Override
      public ModelProvider provider() {
        return ModelProvider.OPEN_AI;
      }
    };
  }

  static final StreamingChatResponseHandler IGNORE =
      new StreamingChatResponseHandler() {
        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {}

        @Override
        public void onError(Throwable error) {}
      };

  private InstantModels() {}
}
