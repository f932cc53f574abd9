package ai.honeyhive.langchain4j.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.spring.testapp.TestApplication;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Spring Boot application (web server on a random port, LangChain4j's OpenAI and AI-service
 * starters, Spring Boot's OpenTelemetry tracing) with this starter and two properties: one HTTP
 * request exports one trace to the HoneyHive stand-in, HTTP server span, then AI-service span, then
 * model and tool spans, each of ours with the session.
 */
@SpringBootTest(
    classes = {TestApplication.class, SpringBootTracingTest.OtherExporter.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "langchain4j.open-ai.chat-model.api-key=sk-test-not-a-real-key",
      "langchain4j.open-ai.chat-model.model-name=gpt-4o-mini",
      "langchain4j.open-ai.chat-model.max-retries=0",
      "management.tracing.sampling.probability=1.0",
      "honeyhive.api-key=hh-test-key",
      "honeyhive.project=spring-test"
    })
class SpringBootTracingTest {

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    registry.add("langchain4j.open-ai.chat-model.base-url", () -> openAi.baseUrl() + "/v1");
    registry.add("honeyhive.server-url", honeyHive::baseUrl);
  }

  @Autowired TestRestTemplate http;
  @Autowired HoneyHiveTracer tracer;
  @Autowired SdkTracerProvider springTracerProvider;
  @Autowired TestApplication.WeatherTools tools;
  @Autowired io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter otherExporter;

  @BeforeEach
  void stubs() {
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(json("openai-chat-completion-tool-call.json")));
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
            .willReturn(json("openai-chat-completion-after-tool.json")));
    honeyHive.stubFor(post(urlEqualTo("/opentelemetry/v1/traces")).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(
        post(urlEqualTo("/session/start"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"session_id\":\"{{jsonPath request.body '$.session.session_id'}}\"}")
                    .withTransformers("response-template")));
  }

  @Test
  void oneRequestIsOneTraceFromHttpServerSpanToToolSpan() throws Exception {
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.add("X-User-Id", "u-42");
    String answer =
        http.postForObject(
            "/chat", new org.springframework.http.HttpEntity<>("What is the weather in Paris?", headers), String.class);
    assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");
    assertThat(tools.calls.get()).isEqualTo(1);

    List<Span> all = exportedSpans(5);
    Span httpSpan = only(all, "http post /chat");
    // The test's own client call is a trace of its own; everything the request did is one trace.
    List<Span> trace = all.stream().filter(s -> s.getTraceId().equals(httpSpan.getTraceId())).toList();
    assertThat(names(trace))
        .as(describe(all))
        .containsExactlyInAnyOrder(
            "http post /chat", // Spring's HTTP server span
            "invoke_agent Assistant.chat",
            "chat gpt-4o-mini",
            "execute_tool get_weather",
            "chat gpt-4o-mini",
            "http post", // LangChain4j's RestClient calls to OpenAI, as Spring instruments them
            "http post");
    Span service = only(trace, "invoke_agent Assistant.chat");
    Span tool = only(trace, "execute_tool get_weather");
    List<Span> models = trace.stream().filter(s -> s.getName().equals("chat gpt-4o-mini")).toList();

    assertThat(httpSpan.getParentSpanId().isEmpty()).isTrue();
    assertThat(service.getParentSpanId()).isEqualTo(httpSpan.getSpanId());
    assertThat(models).allSatisfy(m -> assertThat(m.getParentSpanId()).isEqualTo(service.getSpanId()));
    assertThat(tool.getParentSpanId()).isEqualTo(service.getSpanId());
    for (Span ours : List.of(service, tool, models.get(0), models.get(1))) {
      assertThat(attributes(ours))
          .as(ours.getName())
          .containsEntry("honeyhive.session_id", tracer.sessionId())
          .containsEntry("honeyhive.project", "spring-test")
          .containsEntry("traceloop.association.properties.project", "spring-test")
          // from the application's HoneyHiveRequestEnricher bean
          .containsEntry("honeyhive_user_properties.user_id", "u-42")
          .containsEntry("honeyhive_metadata.feature", "/chat");
    }
    assertThat(attributes(models.get(0))).containsEntry("gen_ai.provider.name", "openai");
    assertThat(attributes(tool))
        .containsEntry("gen_ai.tool.name", "get_weather")
        .containsEntry("gen_ai.tool.call.id", "call_Xq3mZbV8Lr2TnK9sW4yHdF1c");

    LoggedRequest export = honeyHive.findAll(postRequestedFor(urlEqualTo("/opentelemetry/v1/traces"))).get(0);
    assertThat(export.getHeader("Authorization")).isEqualTo("Bearer hh-test-key");

    // The HoneyHive exporter has now exported a batch, so from here on chat content is written as
    // spans are exported (the cost of the tracer's own SDK) and only for HoneyHive: the
    // application's other exporters get the same spans without it.
    honeyHive.resetRequests();
    otherExporter.reset();
    http.postForObject(
        "/chat", new org.springframework.http.HttpEntity<>("And in Lyon?", headers), String.class);
    List<Span> second = exportedSpans(5);
    List<Span> secondModels = second.stream().filter(s -> s.getName().equals("chat gpt-4o-mini")).toList();
    assertThat(secondModels).hasSize(2);
    assertThat(attributes(secondModels.get(0))).containsKey("gen_ai.input.messages");
    assertThat(attributes(secondModels.get(0)).get("gen_ai.input.messages")).contains("And in Lyon?");
    List<io.opentelemetry.sdk.trace.data.SpanData> elsewhere =
        otherExporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat gpt-4o-mini")).toList();
    assertThat(elsewhere).hasSize(2);
    assertThat(elsewhere)
        .allSatisfy(
            s -> assertThat(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("gen_ai.input.messages")))
                .isNull());
  }

  /** Another exporter of the application's, which Spring Boot adds to its SDK beside ours. */
  @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
  static class OtherExporter {
    @org.springframework.context.annotation.Bean
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter otherExporter() {
      return io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    }
  }

  private List<Span> exportedSpans(int atLeast) throws InterruptedException {
    List<Span> spans = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      springTracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
      spans.clear();
      for (LoggedRequest r : honeyHive.findAll(postRequestedFor(urlEqualTo("/opentelemetry/v1/traces")))) {
        try {
          ExportTraceServiceRequest.parseFrom(r.getBody())
              .getResourceSpansList()
              .forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
      if (spans.size() >= atLeast && spans.stream().anyMatch(s -> s.getName().equals("http post /chat"))) {
        return spans;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("HoneyHive stand-in received only " + names(spans));
  }

  private static Span only(List<Span> spans, String name) {
    List<Span> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("%s in %s", name, names(spans)).hasSize(1);
    return named.get(0);
  }

  private static String describe(List<Span> spans) {
    return spans.stream()
        .map(s -> s.getName() + " trace=" + java.util.HexFormat.of().formatHex(s.getTraceId().toByteArray())
            + " id=" + java.util.HexFormat.of().formatHex(s.getSpanId().toByteArray())
            + " parent=" + java.util.HexFormat.of().formatHex(s.getParentSpanId().toByteArray()))
        .collect(Collectors.joining("\n"));
  }

  private static List<String> names(List<Span> spans) {
    return spans.stream().map(Span::getName).toList();
  }

  private static Map<String, String> attributes(Span span) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      out.put(kv.getKey(), kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : kv.getValue().toString().trim());
    }
    return out;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String file) {
    return aResponse().withHeader("Content-Type", "application/json").withBodyFile(file);
  }
}
