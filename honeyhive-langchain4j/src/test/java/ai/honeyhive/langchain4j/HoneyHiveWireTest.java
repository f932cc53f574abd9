package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What reaches HoneyHive, decoded: a real tracer with its own SDK exporting OTLP to a WireMock
 * stand-in that also serves HoneyHive's REST API, and real LangChain4j models and AI services on a
 * WireMock stand-in for OpenAI.
 */
class HoneyHiveWireTest {

  private static final String API_KEY = "hh-wire-key-8d21";
  private static final String TRACES = "/opentelemetry/v1/traces";
  private static final String QUESTION = "What is the weather in Paris?";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @BeforeEach
  void stubs() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(post("/session/start").willReturn(aResponse().withStatus(200).withBody("{}")));
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
  }

  private static HoneyHiveTracerBuilder builder() {
    return HoneyHiveTracer.builder()
        .apiKey(API_KEY)
        .project("wire")
        .source("ci")
        .sessionName("wire-session")
        .serverUrl(honeyHive.baseUrl())
        .environment(name -> null)
        .eventsTiming(Duration.ofSeconds(5), Duration.ofMillis(20));
  }

  /** Every span exported so far, decoded from OTLP protobuf (gunzipped when compressed). */
  static List<Span> exported() throws IOException {
    List<Span> spans = new ArrayList<>();
    for (LoggedRequest request : traceRequests()) {
      byte[] body = request.getBody();
      // WireMock may already have inflated a gzip body; inflate only what is still compressed.
      if (body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          spans.addAll(ss.getSpansList());
        }
      }
    }
    spans.sort(Comparator.comparingLong(Span::getStartTimeUnixNano));
    return spans;
  }

  /** The trace exports that carried spans (an export-health probe is an empty POST). */
  private static List<LoggedRequest> traceRequests() {
    return honeyHive.findAll(postRequestedFor(urlEqualTo(TRACES))).stream()
        .filter(r -> r.getBody().length > 0)
        .collect(Collectors.toList());
  }

  static Span named(List<Span> spans, String name) {
    List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }

  static Map<String, Object> attributes(Span span) {
    return ExportEndToEndTest.attributes(span.getAttributesList());
  }

  private static List<JsonNode> eventUpdates() throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (LoggedRequest r : honeyHive.findAll(putRequestedFor(urlEqualTo("/events")))) {
      bodies.add(JSON.readTree(r.getBodyAsString()));
    }
    return bodies;
  }

  @Test
  void oneAiServiceCallWithAToolExportsHoneyHivesShapes() throws Exception {
    try (HoneyHiveTracer tracer = builder().build()) {
      AiServiceFixture fixture = new AiServiceFixture(tracer, openAi.baseUrl());
      fixture.traced.chat("conv-wire", QUESTION);
      assertThat(tracer.flush()).isTrue();
    }

    List<Span> spans = exported();
    Map<String, Object> agent = attributes(named(spans, "invoke_agent Assistant.chat"));
    assertThat(agent)
        .containsEntry("honeyhive_event_type", "chain")
        .containsEntry("gen_ai.operation.name", "invoke_agent")
        .containsEntry("honeyhive_inputs.user_message", QUESTION);
    Map<String, Object> tool = attributes(named(spans, "execute_tool get_weather"));
    assertThat(tool).containsEntry("honeyhive_event_type", "tool").containsEntry("gen_ai.tool.name", "get_weather");

    List<Span> chats = spans.stream().filter(s -> s.getName().equals("chat gpt-4o-mini")).collect(Collectors.toList());
    assertThat(chats).hasSize(2);
    Map<String, Object> first = attributes(chats.get(0));
    assertThat(first)
        .containsEntry("honeyhive_outputs.tool_calls.0.id", "call_Xq3mZbV8Lr2TnK9sW4yHdF1c")
        .containsEntry("honeyhive_outputs.tool_calls.0.type", "function")
        .containsEntry("honeyhive_outputs.tool_calls.0.function.name", "get_weather")
        .containsEntry("honeyhive_outputs.tool_calls.0.function.arguments", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
    Map<String, Object> second = attributes(chats.get(1));
    String assistantTurn = "honeyhive_inputs.chat_history.1.";
    assertThat(second)
        .containsEntry(assistantTurn + "role", "assistant")
        .containsEntry(assistantTurn + "tool_calls.0.id", "call_Xq3mZbV8Lr2TnK9sW4yHdF1c")
        .containsEntry(assistantTurn + "tool_calls.0.type", "function")
        .containsEntry(assistantTurn + "tool_calls.0.function.name", "get_weather")
        .containsEntry(assistantTurn + "tool_calls.0.function.arguments", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
    for (Span span : spans) {
      Map<String, Object> a = attributes(span);
      assertThat(a.keySet()).noneMatch(k -> k.matches(".*tool_calls\\.\\d+\\.(name|arguments)$"));
      // Every exported span names the same lowercase-UUID session.
      assertThat((String) a.get("honeyhive.session_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
  }

  @Test
  void theTracersSessionIsStartedBeforeAnyUpdateToIt() throws Exception {
    honeyHive.stubFor(
        post("/session/start").willReturn(aResponse().withStatus(200).withFixedDelay(300).withBody("{}")));
    String session = "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a80";
    try (HoneyHiveTracer tracer = builder().sessionId(session).build()) {
      tracer.enrichSession(EnrichmentContext.builder().metadata("tenant", "acme").build());
      assertThat(tracer.flush()).isTrue();
    }

    honeyHive.verify(
        postRequestedFor(urlEqualTo("/session/start"))
            .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + API_KEY))
            .withRequestBody(
                equalToJson(
                    "{\"session\":{\"project\":\"wire\",\"session_name\":\"wire-session\",\"source\":\"ci\","
                        + "\"session_id\":\"" + session + "\"}}")));
    List<ServeEvent> events = new ArrayList<>(honeyHive.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    List<String> order =
        events.stream()
            .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
            .filter(s -> !s.endsWith(TRACES))
            .collect(Collectors.toList());
    assertThat(order).containsExactly("POST /session/start", "PUT /events");
  }

  @Test
  void anUpdateToASessionNotIngestedYetIsRetriedUntilItsSpansArrive() throws Exception {
    // The stand-in refuses updates (404) until a span of the session has been exported.
    honeyHive.stubFor(
        put("/events").inScenario("ingest").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(404)));
    honeyHive.stubFor(
        post(TRACES)
            .inScenario("ingest")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(200))
            .willSetStateTo("ingested"));
    honeyHive.stubFor(put("/events").inScenario("ingest").whenScenarioStateIs("ingested").willReturn(aResponse().withStatus(200)));

    try (HoneyHiveTracer tracer = builder().build()) {
      EnrichmentContext conversation = EnrichmentContext.builder().sessionId("conv-42").build();
      try (Scope ignored = conversation.makeCurrent()) {
        // The update goes first and is refused before any span of the session exists: waiting for
        // that refusal (not for a time) makes the retry certain however the export is scheduled.
        tracer.enrichSession(EnrichmentContext.builder().feedback("resolved", true).build());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (honeyHive.findAll(putRequestedFor(urlEqualTo("/events"))).isEmpty()) {
          assertThat(System.nanoTime()).as("first PUT /events within 20 s").isLessThan(deadline);
          Thread.sleep(10);
        }
        TestModels.blocking(openAi.baseUrl(), tracer.chatModelListener()).chat("What is the capital of France?");
      }
      assertThat(tracer.flush()).isTrue();
      assertThat(tracer.events().failed()).isZero();
      assertThat(tracer.events().notFoundRetries()).isPositive();
      assertThat(tracer.events().sent()).isEqualTo(1);
    }
    // uuid.uuid5(uuid.NAMESPACE_URL, "honeyhive-session:conv-42"), from Python's uuid module.
    String session = "9ec7bed0-ee46-5d5d-af41-6bfe196ecd05";
    assertThat(attributes(exported().get(0))).containsEntry("honeyhive.session_id", session);
    assertThat(eventUpdates())
        .allSatisfy(b -> assertThat(b.toString()).isEqualTo("{\"event_id\":\"" + session + "\",\"feedback\":{\"resolved\":true}}"));
  }

  @Test
  void feedbackMinutesLaterReachesExactlyTheEventThatProducedTheAnswer() throws Exception {
    String answerEventId;
    try (HoneyHiveTracer tracer = builder().build()) {
      AiServiceFixture fixture = new AiServiceFixture(tracer, openAi.baseUrl());

      // Request 1: the app picks the answer's event id and returns it with the answer.
      String eventId = UUID.randomUUID().toString();
      try (Scope ignored = EnrichmentContext.builder().eventId(eventId).build().makeCurrent()) {
        fixture.traced.chat("conv-feedback", QUESTION);
      }
      answerEventId = eventId;

      // Request 2, later, elsewhere: the user's thumbs-up for that answer.
      tracer.enrichEvent(answerEventId, EnrichmentContext.builder().feedback("thumbs_up", true).build());
      assertThat(tracer.flush()).isTrue();
    }

    List<Span> spans = exported();
    List<Span> carrying =
        spans.stream()
            .filter(s -> attributes(s).containsKey("honeyhive_event_id"))
            .collect(Collectors.toList());
    assertThat(carrying).extracting(Span::getName).containsExactly("invoke_agent Assistant.chat");
    assertThat(attributes(carrying.get(0))).containsEntry("honeyhive_event_id", answerEventId);
    List<JsonNode> updates = eventUpdates();
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).get("event_id").asText()).isEqualTo(answerEventId);
    assertThat(updates.get(0).get("feedback").toString()).isEqualTo("{\"thumbs_up\":true}");
  }

  @Test
  void theUsersOwnSpansOnTheTracersSdkCarryTheSession() throws Exception {
    String session = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d";
    try (HoneyHiveTracer tracer = builder().sessionId(session).build()) {
      io.opentelemetry.api.trace.Tracer mine = tracer.openTelemetry().getTracer("my-app");
      mine.spanBuilder("handle /checkout").startSpan().end();
      // A span that names a session itself keeps it.
      mine.spanBuilder("batch job")
          .setAttribute("honeyhive.session_id", "0f0e0d0c-0b0a-4908-8706-050403020100")
          .startSpan()
          .end();
      assertThat(tracer.flush()).isTrue();
    }

    List<Span> spans = exported();
    assertThat(attributes(named(spans, "handle /checkout")))
        .isEqualTo(
            Map.of(
                "honeyhive.session_id", session,
                "traceloop.association.properties.session_id", session,
                "honeyhive.project", "wire",
                "traceloop.association.properties.project", "wire",
                "honeyhive.source", "ci",
                "traceloop.association.properties.source", "ci",
                "honeyhive.session_name", "wire-session",
                "honeyhive.session_auto_create", true));
    assertThat(attributes(named(spans, "batch job")))
        .containsEntry("honeyhive.session_id", "0f0e0d0c-0b0a-4908-8706-050403020100")
        .doesNotContainKey("honeyhive.project");
  }

  @Test
  void aTracedFunctionThatFailsExportsExactlyHoneyHivesDecoratorKeys() throws Exception {
    String session = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";
    IllegalArgumentException failure = new IllegalArgumentException("unknown SKU: X-9");
    try (HoneyHiveTracer tracer = builder().sessionId(session).build()) {
      String answer =
          tracer.trace("process-request")
              .input("user_id", "user_123")
              .call(
                  () -> {
                    try {
                      tracer.trace("check-stock")
                          .eventType(EventType.TOOL)
                          .input("sku", "X-9")
                          .input("quantity", 2)
                          .call(
                              () -> {
                                throw failure;
                              });
                    } catch (IllegalArgumentException expected) {
                      assertThat(expected).isSameAs(failure);
                    }
                    return "out of stock";
                  });
      assertThat(answer).isEqualTo("out of stock");
      assertThat(tracer.flush()).isTrue();
    }

    List<Span> spans = exported();
    Span parent = named(spans, "process-request");
    Span failed = named(spans, "check-stock");
    assertThat(failed.getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(failed.getTraceId()).isEqualTo(parent.getTraceId());
    assertThat(failed.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(failed.getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(failed.getStatus().getMessage()).isEqualTo("unknown SKU: X-9");
    assertThat(failed.getEventsList()).extracting(e -> e.getName()).containsExactly("exception");
    Map<String, Object> attributes = new java.util.TreeMap<>(attributes(failed));
    Object duration = attributes.remove("honeyhive_duration_ms");
    assertThat(duration).isInstanceOf(Double.class);
    assertThat((Double) duration).isGreaterThanOrEqualTo(0.0);
    Map<String, Object> expected = new java.util.TreeMap<>();
    expected.put("honeyhive.session_id", session);
    expected.put("traceloop.association.properties.session_id", session);
    expected.put("honeyhive.project", "wire");
    expected.put("traceloop.association.properties.project", "wire");
    expected.put("honeyhive.source", "ci");
    expected.put("traceloop.association.properties.source", "ci");
    expected.put("honeyhive.session_name", "wire-session");
    expected.put("honeyhive.session_auto_create", true);
    expected.put("honeyhive_event_type", "tool");
    expected.put("honeyhive_event_name", "check-stock");
    expected.put("honeyhive_inputs.sku", "X-9");
    expected.put("honeyhive_inputs.quantity", 2L);
    expected.put("honeyhive_error", "unknown SKU: X-9");
    expected.put("honeyhive_error_type", "IllegalArgumentException");
    expected.put("error.type", "java.lang.IllegalArgumentException");
    assertThat(attributes).isEqualTo(expected);
    assertThat(attributes(parent))
        .containsEntry("honeyhive_event_type", "chain")
        .containsEntry("honeyhive_event_name", "process-request")
        .containsEntry("honeyhive_inputs.user_id", "user_123")
        .containsEntry("honeyhive_outputs.result", "out of stock")
        .doesNotContainKey("honeyhive_error");
  }

  @Test
  void gzipCompressionSendsTheSameSpansCompressed() throws Exception {
    try (HoneyHiveTracer tracer = builder().compression("gzip").build()) {
      TestModels.blocking(openAi.baseUrl(), tracer.chatModelListener()).chat("What is the capital of France?");
      assertThat(tracer.flush()).isTrue();
    }
    List<LoggedRequest> requests = traceRequests();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(attributes(named(exported(), "chat gpt-4o-mini")))
        .containsEntry("honeyhive_outputs.content", "The capital of France is Paris.");
  }

  @Test
  void compressionIsOffByDefaultAndReadFromTheEnvironment() throws Exception {
    try (HoneyHiveTracer tracer = builder().environment(Map.of("HH_OTLP_COMPRESSION", "GZIP")::get).build()) {
      TestModels.blocking(openAi.baseUrl(), tracer.chatModelListener()).chat("What is the capital of France?");
      assertThat(tracer.flush()).isTrue();
    }
    try (HoneyHiveTracer tracer = builder().build()) {
      TestModels.blocking(openAi.baseUrl(), tracer.chatModelListener()).chat("What is the capital of France?");
      assertThat(tracer.flush()).isTrue();
    }
    List<LoggedRequest> requests = traceRequests();
    assertThat(requests).extracting(r -> r.getHeader("Content-Encoding")).containsExactly("gzip", null);
  }

  @Test
  void requestInputsOutputsAndErrorGoOnTheAiServiceSpanNeverOnModelOrToolSpans() throws Exception {
    try (HoneyHiveTracer tracer = builder().build()) {
      AiServiceFixture fixture = new AiServiceFixture(tracer, openAi.baseUrl());
      EnrichmentContext request =
          EnrichmentContext.builder()
              .input("ticket", "T-81")
              .input("user_message", "not the real question")
              .output("channel", "web")
              .error(new IllegalStateException("quota low, api_key=sk-live-abcdefghijklmnop1234"))
              .metadata("feature", "weather")
              .build();
      try (Scope ignored = request.makeCurrent()) {
        fixture.traced.chat("conv-io", QUESTION);
      }
      tracer.enrichSession(
          EnrichmentContext.builder()
              .input("first_question", QUESTION)
              .output("resolution", "answered")
              .error("escalated")
              .metadata("tenant", "acme")
              .build());
      assertThat(tracer.flush()).isTrue();
    }

    List<Span> spans = exported();
    Map<String, Object> agent = attributes(named(spans, "invoke_agent Assistant.chat"));
    assertThat(agent)
        .containsEntry("honeyhive_inputs.ticket", "T-81")
        // The call's own argument wins over the context's value for the same key.
        .containsEntry("honeyhive_inputs.user_message", QUESTION)
        .containsEntry("honeyhive_outputs.channel", "web")
        .containsEntry("honeyhive_error", "quota low, api_key=[REDACTED]")
        .containsEntry("honeyhive_error_type", "IllegalStateException")
        .containsEntry("honeyhive_metadata.feature", "weather");
    for (Span span : spans) {
      if (span.getName().startsWith("invoke_agent")) {
        continue;
      }
      Map<String, Object> a = attributes(span);
      assertThat(a).as(span.getName()).containsEntry("honeyhive_metadata.feature", "weather");
      assertThat(a.keySet())
          .as(span.getName())
          .doesNotContain("honeyhive_inputs.ticket", "honeyhive_outputs.channel", "honeyhive_error", "honeyhive_error_type");
    }
    assertThat(eventUpdates().get(0).toString())
        .isEqualTo(
            "{\"event_id\":\"" + eventUpdates().get(0).get("event_id").asText() + "\","
                + "\"metadata\":{\"tenant\":\"acme\",\"inputs\":{\"first_question\":\"" + QUESTION + "\"},"
                + "\"error\":\"escalated\"},"
                + "\"outputs\":{\"resolution\":\"answered\"}}");
  }
}
