package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.TestModels.Mode;
import ai.honeyhive.langchain4j.internal.Library;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A real tracer exporting to a WireMock stand-in for HoneyHive; bodies decoded with OTLP protos. */
class ExportEndToEndTest {

  private static final String API_KEY = "hh-secret-key-5b9e2f";

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private HoneyHiveTracer tracer(String serverUrl) {
    return HoneyHiveTracer.builder()
        .apiKey(API_KEY)
        .project("e2e-project")
        .source("ci")
        .sessionName("e2e-session")
        .serverUrl(serverUrl)
        .environment(name -> null)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flushSendsOtlpProtobufWithHoneyHiveHeadersSessionAndGenAiAttributes(Mode mode)
      throws Exception {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(200)));
    try (HoneyHiveTracer tracer = tracer(honeyHive.baseUrl())) {
      TestModels.chat(
          mode,
          openAi.baseUrl(),
          tracer.chatModelListener(),
          ChatRequest.builder().messages(UserMessage.from("What is the capital of France?")).build());

      assertThat(tracer.flush()).isTrue();

      // Only requests that carry spans: another test's one-off health probe is an empty POST.
      List<LoggedRequest> requests =
          honeyHive.findAll(postRequestedFor(urlEqualTo("/opentelemetry/v1/traces"))).stream()
              .filter(r -> r.getBody().length > 0)
              .collect(Collectors.toList());
      assertThat(requests).hasSize(1);
      LoggedRequest request = requests.get(0);
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY);
      assertThat(request.getHeader("X-Source")).isEqualTo("ci");
      assertThat(request.getHeader("hh-client-language")).isEqualTo("java");
      assertThat(request.getHeader("hh-client-package")).isEqualTo("honeyhive-langchain4j");
      assertThat(request.getHeader("hh-client-version")).isEqualTo(Library.VERSION);
      assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(request.getBody()).isNotEmpty();
      assertThat(new String(request.getBody(), StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY);

      ExportTraceServiceRequest body = ExportTraceServiceRequest.parseFrom(request.getBody());
      assertThat(body.getResourceSpansCount()).isEqualTo(1);
      ResourceSpans resourceSpans = body.getResourceSpans(0);
      assertThat(attributes(resourceSpans.getResource().getAttributesList()))
          .containsEntry("service.name", "e2e-project");
      assertThat(resourceSpans.getScopeSpansCount()).isEqualTo(1);
      ScopeSpans scopeSpans = resourceSpans.getScopeSpans(0);
      assertThat(scopeSpans.getScope().getName()).isEqualTo("ai.honeyhive.langchain4j");
      assertThat(scopeSpans.getSpansCount()).isEqualTo(1);
      Span span = scopeSpans.getSpans(0);
      assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
      assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(span.getParentSpanId().isEmpty()).isTrue();
      assertThat(span.getEndTimeUnixNano()).isGreaterThan(span.getStartTimeUnixNano());

      Map<String, Object> attributes = attributes(span.getAttributesList());
      assertThat(attributes)
          .containsEntry("honeyhive.session_id", tracer.sessionId())
          .containsEntry("traceloop.association.properties.session_id", tracer.sessionId())
          .containsEntry("honeyhive.project", "e2e-project")
          .containsEntry("traceloop.association.properties.project", "e2e-project")
          .containsEntry("honeyhive.source", "ci")
          .containsEntry("traceloop.association.properties.source", "ci")
          .containsEntry("honeyhive.session_auto_create", true)
          .containsEntry("honeyhive.session_name", "e2e-session")
          .containsEntry("honeyhive_event_type", "model")
          .containsEntry("gen_ai.operation.name", "chat")
          .containsEntry("gen_ai.provider.name", "openai")
          .containsEntry("gen_ai.request.model", "gpt-4o-mini")
          .containsEntry("gen_ai.request.temperature", 0.2)
          .containsEntry("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
          .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
          .containsEntry("gen_ai.usage.input_tokens", 24L)
          .containsEntry("gen_ai.usage.output_tokens", 8L)
          .containsEntry("honeyhive_inputs.chat_history.0.role", "user")
          .containsEntry("honeyhive_inputs.chat_history.0.content", "What is the capital of France?")
          .containsEntry("honeyhive_outputs.content", "The capital of France is Paris.");
      assertThat(attributes.values().stream().map(String::valueOf))
          .noneMatch(v -> v.contains(API_KEY));
    }
  }

  @Test
  void honeyHive500MakesFlushReturnFalseAndLogsAWarningWithoutTheKey() {
    honeyHive.stubFor(
        post("/opentelemetry/v1/traces")
            .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = tracer(honeyHive.baseUrl())) {
      TestModels.chat(
          Mode.BLOCKING,
          openAi.baseUrl(),
          tracer.chatModelListener(),
          ChatRequest.builder().messages(UserMessage.from("Hello")).build());

      assertThat(tracer.flush()).isFalse();

      assertThat(honeyHive.findAll(postRequestedFor(urlEqualTo("/opentelemetry/v1/traces"))))
          .isNotEmpty();
      assertThat(logs.atLeast(Level.WARNING))
          .anySatisfy(
              r ->
                  assertThat(r.getMessage())
                      .isEqualTo(
                          "HoneyHive: spans cannot be sent to " + honeyHive.baseUrl()
                              + "/opentelemetry/v1/traces (it answers HTTP 500). They are retried,"
                              + " then dropped and counted (droppedSpans())."));
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void refusedConnectionMakesFlushReturnFalseAndTheChatCallStillSucceeds() {
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused.
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = tracer("http://127.0.0.1:9")) {
      String answer =
          TestModels.chat(
                  Mode.BLOCKING,
                  openAi.baseUrl(),
                  tracer.chatModelListener(),
                  ChatRequest.builder().messages(UserMessage.from("Hello")).build())
              .aiMessage()
              .text();

      assertThat(answer).isEqualTo("The capital of France is Paris.");
      assertThat(tracer.flush()).isFalse();
      assertThat(logs.atLeast(Level.WARNING)).isNotEmpty();
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void toStringNeverShowsTheApiKey() {
    HoneyHiveTracerBuilder builder =
        HoneyHiveTracer.builder().apiKey(API_KEY).project("p").serverUrl("http://127.0.0.1:9").environment(name -> null);
    try (HoneyHiveTracer tracer = builder.build()) {
      assertThat(builder.toString()).doesNotContain(API_KEY).contains("apiKey=OBFUSCATED");
      assertThat(tracer.toString()).doesNotContain(API_KEY).contains("apiKey=OBFUSCATED");
    }
  }

  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case ARRAY_VALUE:
        return v.getArrayValue().getValuesList().stream()
            .map(ExportEndToEndTest::value)
            .collect(Collectors.toList());
      default:
        return v.toString();
    }
  }
}
