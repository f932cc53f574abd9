package ai.honeyhive.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Real LangChain4j OpenAI models pointed at a WireMock stand-in, called the same way in both modes. */
final class TestModels {

  static final String MODEL = "gpt-4o-mini";

  enum Mode {
    BLOCKING,
    STREAMING
  }

  static ChatModel blocking(String baseUrl, ChatModelListener listener) {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl + "/v1")
        .apiKey("sk-test-not-a-real-key")
        .modelName(MODEL)
        .temperature(0.2)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(listener))
        .build();
  }

  static StreamingChatModel streaming(String baseUrl, ChatModelListener listener) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl + "/v1")
        .apiKey("sk-test-not-a-real-key")
        .modelName(MODEL)
        .temperature(0.2)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(listener))
        .build();
  }

  /** Calls the model in the given mode and returns its response, or throws its error unchanged. */
  static ChatResponse chat(Mode mode, String baseUrl, ChatModelListener listener, ChatRequest request) {
    if (mode == Mode.BLOCKING) {
      return blocking(baseUrl, listener).chat(request);
    }
    return chat(streaming(baseUrl, listener), request);
  }

  /** Streams {@code userMessage} and returns the complete response, or throws its error unchanged. */
  static ChatResponse chat(StreamingChatModel model, String userMessage) {
    return chat(model, ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from(userMessage)).build());
  }

  static ChatResponse chat(StreamingChatModel model, ChatRequest request) {
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    model.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {}

          @Override
          public void onCompleteResponse(ChatResponse completeResponse) {
            future.complete(completeResponse);
          }

          @Override
          public void onError(Throwable error) {
            future.completeExceptionally(error);
          }
        });
    try {
      return future.orTimeout(20, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  private TestModels() {}
}
