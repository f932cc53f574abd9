package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The whole product in one run: a traced chat model called directly, a decorated AI service with a
 * tool and chat memory (two turns of one conversation), per-request and session enrichment,
 * feedback after the answer, and a streamed call. Each part prints a heading, what the model
 * answered, and the trace it made.
 *
 * <p>Runs anywhere: without {@code OPENAI_API_KEY} it talks to an in-process OpenAI stand-in;
 * without {@code HH_API_KEY} and {@code HH_PROJECT} it prints each trace here instead of sending it.
 */
public final class QuickstartDemo {

  /** The AI service: LangChain4j implements it. */
  interface Assistant {
    String chat(@MemoryId String conversationId, @UserMessage String message);
  }

  /** A tool the model can call. */
  static final class WeatherTools {
    @Tool(name = "get_weather", value = "Current weather in a city")
    String getWeather(String city, String unit) {
      return "18 degrees " + unit + ", sunny in " + city;
    }
  }

  public static void main(String[] args) throws Exception {
    String openAiKey = System.getenv("OPENAI_API_KEY");
    boolean toHoneyHive = System.getenv("HH_API_KEY") != null && System.getenv("HH_PROJECT") != null;
    try (OpenAiStandIn standIn = openAiKey == null ? OpenAiStandIn.start() : null) {
      String baseUrl = standIn != null ? standIn.baseUrl() : System.getenv("OPENAI_BASE_URL");
      System.out.printf(
          "honeyhive-langchain4j demo: model=%s, traces=%s%n",
          standIn != null ? "in-process OpenAI stand-in (set OPENAI_API_KEY for OpenAI)" : "OpenAI",
          toHoneyHive ? "HoneyHive and printed here" : "printed here (set HH_API_KEY and HH_PROJECT for HoneyHive)");
      run(baseUrl, openAiKey != null ? openAiKey : "demo");
    }
  }

  /** How to read a printed trace, printed once before the first. */
  static final String LEGEND =
      "legend: a trace prints as a tree, one line per span: name, duration, HoneyHive event type"
          + " (chain = AI-service call, model = chat-model call, tool = tool execution), attributes;"
          + " tokens=in/out = input/output tokens the model reported";

  static void run(String baseUrl, String openAiKey) throws Exception {
    System.out.println(LEGEND);
    // 1. One tracer: HH_* variables, printing each trace here as well.
    HoneyHiveTracer tracer = HoneyHiveTracer.builder().project("quickstart").console(true).build();

    // 2. Its listener on the chat models.
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(openAiKey)
            .modelName("gpt-4o-mini")
            .listeners(List.of(tracer.chatModelListener()))
            .build();
    StreamingChatModel streamingModel =
        tracer.decorate(
            OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(openAiKey)
                .modelName("gpt-4o-mini")
                .listeners(List.of(tracer.chatModelListener()))
                .build());

    // 3. The chat model called directly: one model span, a trace of its own.
    System.out.println("\n== A chat model with the tracer's listener: one model span per call");
    System.out.println("model: " + model.chat("Say hello in French."));
    // (Only for this printout: each flush prints the traces finished so far, so they appear in order.)
    tracer.flush();

    // 4. An AI service with a tool and chat memory, decorated so each call is one tree.
    Assistant assistant =
        tracer.decorate(
            Assistant.class,
            tracer
                .configure(AiServices.builder(Assistant.class))
                .chatModel(model)
                .tools(new WeatherTools())
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                .build());

    // 5. Enrichment: the session record once (sent with an API key), each request in its own context.
    System.out.println(
        "\n== An AI service with a tool and chat memory: a chain span per call, its model and tool"
            + " spans beneath, the enrichment on each");
    tracer.enrichSession(EnrichmentContext.builder().metadata("app_version", "1.0.0").build());
    EnrichmentContext request =
        EnrichmentContext.builder()
            .userProperty("user_id", "user_123")
            .metadata("feature", "weather-assistant")
            .abVariant("concise-prompt", "B")
            .metric("retrieval_score", 0.92)
            .build();
    try (Scope ignored = request.makeCurrent()) {
      System.out.println("assistant: " + assistant.chat("conversation-1", "What is the weather in Paris?"));
      tracer.flush();
      // 6. The same conversation again: chat memory sends the first turn along, so "there" is Paris.
      System.out.println(
          "\n== The same conversation, second turn: its model call carries the first turn from chat"
              + " memory (more input tokens)");
      System.out.println("assistant: " + assistant.chat("conversation-1", "Do I need an umbrella there?"));
    }
    tracer.flush();

    // 7. Feedback that arrives after the answer: an update of the session's record.
    System.out.println("\n== Feedback after the answer: an update of the session's record in HoneyHive");
    tracer.enrichEvent(tracer.sessionId(), EnrichmentContext.builder().feedback("rating", 5).build());

    // 8. A streamed call: its span says so, with the time to the first token.
    System.out.println("\n== A streamed call: its model span has the time to the first token");
    CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
    streamingModel.chat(
        "What is the capital of France?",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String token) {
            System.out.print(token);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            System.out.println();
            streamed.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            streamed.completeExceptionally(error);
          }
        });
    streamed.join();

    // 9. Flush before exit (a shutdown hook would too).
    tracer.close();
    System.out.println("session " + tracer.sessionId() + " done.");
  }

  private QuickstartDemo() {}
}
