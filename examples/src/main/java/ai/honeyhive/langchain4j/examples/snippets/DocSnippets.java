package ai.honeyhive.langchain4j.examples.snippets;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.EventType;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.agentic.AgentTelemetry;
import ai.honeyhive.langchain4j.rag.RagTelemetry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every Java code block of README.md and docs/, as compiled code. Each block sits between
 * {@code // snippet: Name} and {@code // end snippet} and is copied into the docs under {@code
 * <!-- snippet: Name -->}; DocsSnippetsTest fails when the two differ or a block has no snippet.
 * Nothing here runs: it only has to compile.
 */
@SuppressWarnings({"unused", "try"})
final class DocSnippets {

  // The AI service and tool the pages use, as in docs/getting-started.md (GettingStarted).
  interface Assistant {
    String chat(@MemoryId String conversationId, @UserMessage String message);
  }

  static final class WeatherTools {
    @Tool("Current weather in a city")
    String getWeather(String city) {
      return "sunny in " + city;
    }
  }

  static final class AnswerGuardrail implements OutputGuardrail {
    @Override
    public OutputGuardrailResult validate(AiMessage responseFromLLM) {
      return success();
    }
  }

  record User(String id, String plan) {}

  void readmeUsage() {
    // snippet: readme-usage
    HoneyHiveTracer tracer = HoneyHiveTracer.builder()
        .apiKey(System.getenv("HH_API_KEY"))   // or leave unset: HH_API_KEY is read
        .project("checkout-bot")               // or leave unset: HH_PROJECT is read
        .build();                              // or HoneyHiveTracer.fromEnv()

    ChatModel model = OpenAiChatModel.builder()
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .modelName("gpt-4o-mini")
        .listeners(List.of(tracer.chatModelListener()))   // streaming models take the same listener
        .build();

    EnrichmentContext ctx = EnrichmentContext.builder()
        .userProperty("user_id", "user_123").metadata("feature", "chat").abVariant("B").build();
    try (Scope ignored = ctx.makeCurrent()) {
      model.chat("Hello!");   // one span, enriched, in session tracer.sessionId()
    }
    tracer.close();           // flushes; a JVM shutdown hook flushes too
    // end snippet
  }

  String readmeTrace(HoneyHiveTracer tracer, Assistant assistant, String userId, String question) {
    // snippet: readme-trace
    String answer = tracer.trace("process_request")   // one span; what runs inside nests beneath it
        .input("user_id", userId)
        .input("question", question)
        .call(() -> assistant.chat(userId, question)); // its result, exception and duration recorded
    // end snippet
    return answer;
  }

  void traceKinds(HoneyHiveTracer tracer, Map<String, Object> order) throws java.io.IOException {
    // snippet: trace-kinds
    double score = tracer.trace("score-answer")
        .eventType(EventType.TOOL)                     // a tool event; CHAIN if unset
        .input("answer", "Paris")
        .call(() -> 0.92);
    tracer.trace("save-order")
        .input("order", order)                         // maps and objects are flattened
        .run(() -> Files.writeString(Path.of("order.json"), order.toString()));   // IOException passes through
    CompletableFuture<String> later = tracer.trace("fetch-profile")
        .call(() -> CompletableFuture.supplyAsync(() -> "gold"));   // ends when the future completes
    // end snippet
  }

  UntypedAgent agents(HoneyHiveTracer tracer, Object writer, Object editor) {
    // snippet: agents-listener
    UntypedAgent story = AgenticServices.sequenceBuilder()
        .subAgents(writer, editor)            // agents from AgenticServices.agentBuilder(...)
        .outputKey("edited")
        .listener(AgentTelemetry.create(tracer).agentListener())     // once, for the whole system
        .build();
    // end snippet
    return story;
  }

  void existingOpenTelemetry() {
    // snippet: otel-global
    HoneyHiveTracer tracer = HoneyHiveTracer.builder()
        .openTelemetry(GlobalOpenTelemetry.get())   // e.g. the OpenTelemetry Java agent's
        .project("checkout-bot")
        .build();
    // end snippet
  }

  void ownSdk() {
    // snippet: otel-own-sdk
    SpanExporter toHoneyHive = OtlpHttpSpanExporter.builder()
        .setEndpoint("https://api.dp1.us.honeyhive.ai/opentelemetry/v1/traces")
        .addHeader("Authorization", "Bearer " + System.getenv("HH_API_KEY"))
        .addHeader("X-Source", "prod")
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(toHoneyHive).build())
            .build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();

    HoneyHiveTracer tracer = HoneyHiveTracer.builder()
        .openTelemetry(sdk)
        .apiKey(System.getenv("HH_API_KEY"))   // optional here: lets enrichSession update HoneyHive
        .project("checkout-bot")
        .source("prod")
        .build();
    // end snippet
  }

  void enrichRequest(Assistant assistant) {
    // snippet: enrich-request
    EnrichmentContext request = EnrichmentContext.builder()
        .userProperty("user_id", "user_123")
        .metadata("feature", "chat")
        .abVariant("B")
        .build();

    try (Scope ignored = request.makeCurrent()) {
      assistant.chat("conversation-1", "Hello");   // every span inside carries the values above
    }
    // end snippet
  }

  void enrichNested(ChatModel model) {
    // snippet: enrich-nested
    EnrichmentContext chat = EnrichmentContext.builder()
        .metadata("feature", "chat").metadata("tier", "gold").build();
    EnrichmentContext search = EnrichmentContext.builder().metadata("feature", "search").build();

    try (Scope outer = chat.makeCurrent()) {
      try (Scope inner = search.makeCurrent()) {
        model.chat("...");          // feature=search, tier=gold
      }
      model.chat("...");            // feature=chat, tier=gold
    }
    // end snippet
  }

  void enrichSpan(HoneyHiveTracer tracer) {
    // snippet: enrich-span
    tracer.enrichSpan(EnrichmentContext.builder().metric("retrieval_ms", 42).build());
    tracer.enrichSpan(Map.of("endpoint", "/chat"));     // a plain map goes to metadata
    // end snippet
  }

  void enrichSession(HoneyHiveTracer tracer) {
    // snippet: enrich-session
    tracer.enrichSession(EnrichmentContext.builder()
        .metadata("tenant", "acme")
        .metadata("app_version", "2.4.1")
        .userProperty("tier", "gold")
        .build());
    // end snippet
  }

  /** What the web app returns: the answer and the id its feedback button sends back. */
  record Answer(String text, String eventId) {}

  Answer feedbackAsk(Assistant assistant, String conversationId, String question) {
    // snippet: feedback-ask
    String eventId = java.util.UUID.randomUUID().toString();
    EnrichmentContext request = EnrichmentContext.builder()
        .sessionId(conversationId)     // one session per conversation
        .eventId(eventId)              // the id of this answer's event
        .build();
    String text;
    try (Scope ignored = request.makeCurrent()) {
      text = assistant.chat(conversationId, question);
    }
    return new Answer(text, eventId);  // the client keeps eventId next to the answer
    // end snippet
  }

  void feedbackLater(HoneyHiveTracer tracer, String eventId, boolean thumbsUp, String comment) {
    // snippet: feedback-later
    tracer.enrichEvent(eventId, EnrichmentContext.builder()
        .feedback("thumbs_up", thumbsUp)
        .feedback("comment", comment)
        .build());
    // end snippet
  }

  void enrichInputsOutputs(Assistant assistant, String ticketId, String question) {
    // snippet: enrich-io
    EnrichmentContext request = EnrichmentContext.builder()
        .input("ticket_id", ticketId)
        .output("channel", "web")
        .build();
    try (Scope ignored = request.makeCurrent()) {
      assistant.chat("conversation-1", question);   // the AI-service span carries both
    }
    // end snippet
  }

  void enrichEvent(HoneyHiveTracer tracer, String eventId) {
    // snippet: enrich-event
    tracer.enrichEvent(eventId, EnrichmentContext.builder()
        .feedback("rating", 5)
        .feedback("comment", "exactly what I needed")
        .build());
    // end snippet
  }

  void enrichIdentity(User user) {
    // snippet: enrich-identity
    EnrichmentContext identity = EnrichmentContext.builder()
        .userProperty("user_id", user.id())
        .userProperty("plan", user.plan())
        .build();
    // end snippet
  }

  void enrichHttp(HttpExchange exchange, HttpHandler handler) throws IOException {
    // snippet: enrich-http
    String conversation = exchange.getRequestHeaders().getFirst("X-Conversation-Id");
    EnrichmentContext.Builder request = EnrichmentContext.builder()
        .metadata("endpoint", exchange.getRequestURI().getPath())
        .metadata("request_id", exchange.getRequestHeaders().getFirst("X-Request-Id"));
    if (exchange.getPrincipal() != null) {
      request.userProperty("user_id", exchange.getPrincipal().getUsername());
    }
    if (conversation != null) {
      request.sessionId(conversation);   // one HoneyHive session per conversation
    }
    try (Scope ignored = request.build().makeCurrent()) {
      handler.handle(exchange);
    }
    // end snippet
  }

  void enrichErrors(HoneyHiveTracer tracer, Assistant assistant, String question) {
    // snippet: enrich-errors
    try {
      String answer = assistant.chat("conversation-1", question);
    } catch (RuntimeException e) {
      tracer.enrichSpan(Map.of("error_category", "upstream_timeout"));
      throw e;
    }
    // end snippet
  }

  void aiServicesSetup(HoneyHiveTracer tracer) {
    // snippet: ai-setup
    EmbeddingModel embeddings = OpenAiEmbeddingModel.builder()
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .modelName("text-embedding-3-small")
        .build()
        .addListener(RagTelemetry.create(tracer).embeddingModelListener());
    EmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<TextSegment>()
        .addListener(RagTelemetry.create(tracer).embeddingStoreListener());
    ContentRetriever retriever = EmbeddingStoreContentRetriever.builder()
        .embeddingStore(store)
        .embeddingModel(embeddings)
        .build()
        .addListener(RagTelemetry.create(tracer).contentRetrieverListener());

    ChatModel model = OpenAiChatModel.builder()
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .modelName("gpt-4o-mini")
        .listeners(List.of(tracer.chatModelListener()))
        .build();

    Assistant assistant = tracer.configure(AiServices.builder(Assistant.class))   // tools, guardrails
        .chatModel(model)
        .tools(new WeatherTools())
        .contentRetriever(retriever)
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
        .outputGuardrails(new AnswerGuardrail())
        .build();

    Assistant traced = tracer.decorate(Assistant.class, assistant);              // the parent span
    // end snippet
  }

  void aiServicesStreaming(HoneyHiveTracer tracer) {
    // snippet: ai-streaming
    StreamingChatModel model = tracer.decorate(OpenAiStreamingChatModel.builder()
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .modelName("gpt-4o-mini")
        .listeners(List.of(tracer.chatModelListener()))
        .build());
    // end snippet
  }

  void distributedClient(HoneyHiveTracer tracer, HttpRequest.Builder outgoing) {
    // snippet: distributed-client
    EnrichmentContext conversation = EnrichmentContext.builder()
        .sessionId("conversation-7f3a")          // rides in the baggage header as session_id
        .userProperty("user_id", "user_123")
        .propagate("user_id")                    // opt in: this key rides along too
        .build();
    try (Scope ignored = conversation.makeCurrent()) {
      tracer.openTelemetry().getPropagators().getTextMapPropagator()
          .inject(Context.current(), outgoing, HttpRequest.Builder::header);
      // ... send the request
    }
    // end snippet
  }

  void distributedServer(HoneyHiveTracer tracer, HttpExchange exchange, ChatModel model) {
    // snippet: distributed-server
    TextMapGetter<HttpExchange> headers = new TextMapGetter<>() {
      @Override // required before OpenTelemetry 1.67, deprecated since
      @SuppressWarnings("deprecation")
      public Iterable<String> keys(HttpExchange carrier) {
        return carrier.getRequestHeaders().keySet();
      }

      @Override
      public String get(HttpExchange carrier, String key) {
        return carrier == null ? null : carrier.getRequestHeaders().getFirst(key);
      }
    };
    Context incoming = tracer.openTelemetry().getPropagators().getTextMapPropagator()
        .extract(Context.root(), exchange, headers);
    try (Scope ignored = incoming.makeCurrent()) {
      model.chat("...");   // same trace, same session, user_id recorded
    }
    // end snippet
  }

  private DocSnippets() {}
}
