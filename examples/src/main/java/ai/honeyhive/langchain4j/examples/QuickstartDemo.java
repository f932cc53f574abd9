package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The quickstart: one tracer, its listener on a blocking and a streaming chat model, enrichment of
 * the session and of a request, feedback after the answer.
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

    // 3. Enrichment: the session once, each request in its own context, feedback afterwards.
    tracer.enrichSession(EnrichmentContext.builder().metadata("app_version", "1.0.0").build());
    EnrichmentContext request =
        EnrichmentContext.builder()
            .userProperty("user_id", "user_123")
            .metadata("feature", "geography-tutor")
            .abVariant("concise-prompt", "B")
            .metric("retrieval_score", 0.92)
            .build();
    try (Scope ignored = request.makeCurrent()) {
      System.out.println("\nblocking answer: " + model.chat("What is the capital of France?"));
    }
    tracer.enrichEvent(
        tracer.sessionId(), EnrichmentContext.builder().feedback("rating", 5).build());

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

    // 4. Flush before exit (a shutdown hook does it too), then stop.
    tracer.flush();
    tracer.close();
    if (standIn != null) {
      standIn.close();
    }
    System.out.println("\nsession " + tracer.sessionId() + " done.");
  }

  private QuickstartDemo() {}
}
