package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The quickstart: one tracer, its listener on a blocking and a streaming chat model, two calls.
 *
 * <p>Runs anywhere: without {@code OPENAI_API_KEY} it talks to an in-process OpenAI stand-in, and
 * without {@code HH_API_KEY} and {@code HH_PROJECT} it prints the spans instead of sending them.
 */
public final class QuickstartDemo {

  public static void main(String[] args) throws Exception {
    String openAiKey = System.getenv("OPENAI_API_KEY");
    boolean toHoneyHive = System.getenv("HH_API_KEY") != null && System.getenv("HH_PROJECT") != null;
    OpenAiStandIn standIn = openAiKey == null ? OpenAiStandIn.start() : null;
    String baseUrl = standIn != null ? standIn.baseUrl() : System.getenv("OPENAI_BASE_URL");
    System.out.printf(
        "honeyhive-langchain4j demo: model=%s, traces=%s%n",
        standIn != null ? "in-process OpenAI stand-in (set OPENAI_API_KEY for the real one)" : "OpenAI",
        toHoneyHive ? "HoneyHive" : "printed here (set HH_API_KEY and HH_PROJECT for HoneyHive)");

    // 1. The tracer: from HH_* environment variables, or a local SDK that prints spans.
    HoneyHiveTracer tracer =
        toHoneyHive
            ? HoneyHiveTracer.fromEnv()
            : HoneyHiveTracer.builder()
                .project("quickstart")
                .openTelemetry(LocalSpanPrinter.sdk())
                .build();

    // 2. Its listener on any LangChain4j chat model.
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(openAiKey != null ? openAiKey : "demo")
            .modelName("gpt-4o-mini")
            .listeners(List.of(tracer.chatModelListener()))
            .build();
    StreamingChatModel streamingModel =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(openAiKey != null ? openAiKey : "demo")
            .modelName("gpt-4o-mini")
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    System.out.println("\nblocking answer: " + model.chat("What is the capital of France?"));

    CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
    System.out.print("\nstreamed answer: ");
    streamingModel.chat(
        "What is the capital of France?",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String token) {
            System.out.print(token);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            streamed.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            streamed.completeExceptionally(error);
          }
        });
    streamed.join();
    System.out.println();

    // 3. Flush before exit (a shutdown hook does it too), then stop.
    tracer.flush();
    tracer.close();
    if (standIn != null) {
      standIn.close();
    }
    System.out.println("\nsession " + tracer.sessionId() + " done.");
  }

  private QuickstartDemo() {}
}
