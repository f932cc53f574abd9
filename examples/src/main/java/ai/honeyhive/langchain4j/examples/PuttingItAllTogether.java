package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.List;

/**
 * HoneyHive's enrichment guide, "putting it all together", in Java (docs/tracing-functions.md):
 * the session enriched once, and a traced function that enriches its own span, called for two
 * users. Runs offline (an in-process OpenAI stand-in; each trace printed here); with {@code
 * OPENAI_API_KEY} it calls OpenAI, with {@code HH_API_KEY} and {@code HH_PROJECT} it also sends
 * the traces to HoneyHive.
 *
 * <pre>
 * mvn -q -B -DskipTests -pl examples -am compile exec:java -Dexec.mainClass=ai.honeyhive.langchain4j.examples.PuttingItAllTogether
 * </pre>
 */
public final class PuttingItAllTogether {

  public static void main(String[] args) {
    String openAiKey = System.getenv("OPENAI_API_KEY");
    try (OpenAiStandIn standIn = openAiKey == null ? OpenAiStandIn.start() : null) {
      String baseUrl = standIn != null ? standIn.baseUrl() : System.getenv("OPENAI_BASE_URL");
      run(baseUrl, openAiKey != null ? openAiKey : "demo");
    }
  }

  static void run(String baseUrl, String openAiKey) {
    // snippet: putting-it-together
    HoneyHiveTracer tracer = HoneyHiveTracer.builder()
        .project("support-bot")   // or HH_PROJECT; HH_API_KEY sends the traces to HoneyHive
        .console(true)            // and print each trace here
        .build();
    ChatModel model = OpenAiChatModel.builder()
        .baseUrl(baseUrl).apiKey(openAiKey).modelName("gpt-4o-mini")
        .listeners(List.of(tracer.chatModelListener()))
        .build();

    // Once, for the whole session: HoneyHive's session record, not each span.
    tracer.enrichSession(EnrichmentContext.builder()
        .metadata("tenant_id", "acme_corp")
        .metadata("app_version", "2.1.0")
        .build());

    Support support = new Support(tracer, model);
    System.out.println(support.processRequest("user_123", "What is the capital of France?"));
    System.out.println(support.processRequest("user_456", "And what is the capital of France again?"));
    tracer.close();   // flushes: each trace is printed (and sent) by now
    // end snippet
  }

  // snippet: traced-function
  /** The application's own code: one traced function per request. */
  static final class Support {
    private final HoneyHiveTracer tracer;
    private final ChatModel model;

    Support(HoneyHiveTracer tracer, ChatModel model) {
      this.tracer = tracer;
      this.model = model;
    }

    String processRequest(String userId, String query) {
      return tracer.trace("process_request")        // a span: a chain event named process_request
          .input("user_id", userId)                 // honeyhive_inputs.user_id
          .input("query", query)                    // honeyhive_inputs.query
          .call(() -> {                             // the result is honeyhive_outputs.result
            tracer.enrichSpan(EnrichmentContext.builder()   // reaches process_request's span
                .userProperty("user_id", userId)
                .metadata("feature", "chat")
                .build());
            String answer = model.chat(query);      // a model span beneath it
            tracer.enrichSpan(EnrichmentContext.builder()
                .metric("response_length", answer.length())
                .build());
            return answer;
          });
    }
  }
  // end snippet

  private PuttingItAllTogether() {}
}
