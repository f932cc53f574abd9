package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Two services, one session: a gateway starts the conversation and calls an answering service over
 * HTTP; W3C {@code traceparent} and {@code baggage} headers carry the trace, the session id and
 * the user id, so both services' spans land in one HoneyHive session and one trace.
 */
public final class DistributedSessionDemo {

  /** The gateway's unit of work, decorated so it is a span that the HTTP call continues. */
  interface Gateway {
    String ask(String question) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    try (OpenAiStandIn openAi = OpenAiStandIn.start()) {
      HoneyHiveTracer answering = HoneyHiveTracer.builder().project("answering-service").console(true).build();
      HttpServer server = answeringService(answering, openAi.baseUrl());
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/answer";

      HoneyHiveTracer gatewayTracer = HoneyHiveTracer.builder().project("gateway").console(true).build();
      HttpClient http = HttpClient.newHttpClient();
      Gateway gateway =
          question -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(question));
            // Outgoing: write the current trace and baggage into the request headers.
            gatewayTracer.openTelemetry().getPropagators().getTextMapPropagator()
                .inject(Context.current(), request, HttpRequest.Builder::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
          };
      Gateway traced = gatewayTracer.decorate(Gateway.class, gateway);

      // One conversation = one session, and the user id travels with it.
      EnrichmentContext conversation =
          EnrichmentContext.builder()
              .sessionId("conversation-7f3a")
              .userProperty("user_id", "user_123")
              .propagate("user_id")
              .build();
      try (Scope ignored = conversation.makeCurrent()) {
        System.out.println("answer: " + traced.ask("What is the capital of France?"));
      }

      gatewayTracer.close();
      answering.close();
      server.stop(0);
    }
  }

  /** An HTTP service that answers with a traced model, continuing the caller's trace and session. */
  static HttpServer answeringService(HoneyHiveTracer tracer, String openAiBaseUrl) throws Exception {
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(openAiBaseUrl)
            .apiKey("demo")
            .modelName("gpt-4o-mini")
            .listeners(List.of(tracer.chatModelListener()))
            .build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/answer",
        exchange -> {
          // Incoming: read the caller's trace and baggage from the request headers.
          Context incoming =
              tracer.openTelemetry().getPropagators().getTextMapPropagator()
                  .extract(Context.root(), exchange, Headers.INSTANCE);
          String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String answer;
          try (Scope ignored = incoming.makeCurrent()) {
            answer = model.chat(question);
          }
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private enum Headers implements TextMapGetter<HttpExchange> {
    INSTANCE;

    @Override // required before OpenTelemetry 1.67, deprecated since
    @SuppressWarnings("deprecation")
    public Iterable<String> keys(HttpExchange exchange) {
      return exchange.getRequestHeaders().keySet();
    }

    @Override
    public String get(HttpExchange exchange, String key) {
      return exchange == null ? null : exchange.getRequestHeaders().getFirst(key);
    }
  }

  private DistributedSessionDemo() {}
}
