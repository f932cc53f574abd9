package ai.honeyhive.langchain4j.spring.boot4;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.spring.boot4.app.Boot4Application;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter, built on Spring Boot 3.5, in a Spring Boot 4 application with Spring Boot's
 * OpenTelemetry: one request is one trace, HTTP server span, then AI-service span, then model and
 * tool spans, with the request's enrichment; {@code honeyhive.console} prints it as a tree.
 */
@SpringBootTest(
    classes = {Boot4Application.class, SpringBoot4TracingTest.Spans.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.tracing.sampling.probability=1.0",
      "management.otlp.metrics.export.enabled=false",
      "honeyhive.console=true"
    })
@ExtendWith(OutputCaptureExtension.class)
class SpringBoot4TracingTest {

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    registry.add("openai.base-url", () -> openAi.baseUrl() + "/v1");
  }

  /** Spring Boot adds every {@code SpanExporter} bean to its SDK. */
  @Configuration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }

    @Bean
    Shouter shouter() {
      return new Shouter();
    }
  }

  /** A plain class with a traced method. */
  public static class Shouter {
    /**
     * Upper-cases {@code text}.
     *
     * @param text the text
     * @return it in capitals
     */
    @ai.honeyhive.langchain4j.HoneyHiveTrace(eventType = ai.honeyhive.langchain4j.EventType.TOOL)
    public String shout(String text) {
      return text.toUpperCase(java.util.Locale.ROOT);
    }
  }

  @Autowired Environment environment;
  @Autowired InMemorySpanExporter spans;
  @Autowired SdkTracerProvider tracerProvider;
  @Autowired ai.honeyhive.langchain4j.HoneyHiveTracer tracer;
  @Autowired Shouter shouter;

  @Test
  void aTracedBeanMethodIsASpan() throws Exception {
    assertThat(shouter.shout("hi")).isEqualTo("HI");
    tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
    SpanData span = only(spans.getFinishedSpanItems(), "Shouter.shout");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_event_type"))).isEqualTo("tool");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.text"))).isEqualTo("hi");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.result"))).isEqualTo("HI");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive.session_id"))).isEqualTo(tracer.sessionId());
  }

  @Test
  void oneRequestIsOneTraceFromHttpSpanToToolSpan(CapturedOutput output) throws Exception {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(json("openai-chat-completion-tool-call.json")));
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
            .willReturn(json("openai-chat-completion-after-tool.json")));

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + environment.getProperty("local.server.port") + "/chat"))
                    .header("Content-Type", "text/plain")
                    .header("X-User-Id", "u-42")
                    .POST(HttpRequest.BodyPublishers.ofString("What is the weather in Paris?"))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.body()).isEqualTo("It is 18°C and sunny in Paris.");

    List<SpanData> all = finishedSpansWithHttpSpan();
    SpanData http = only(all, "http post /chat");
    List<SpanData> trace = all.stream().filter(s -> s.getTraceId().equals(http.getTraceId())).toList();
    assertThat(trace)
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder(
            "http post /chat", "invoke_agent Assistant.chat", "chat gpt-4o-mini", "execute_tool get_weather", "chat gpt-4o-mini");
    SpanData service = only(trace, "invoke_agent Assistant.chat");
    assertThat(http.getParentSpanContext().isValid()).isFalse();
    assertThat(service.getParentSpanId()).isEqualTo(http.getSpanId());
    // Spring's own span carries the session too.
    assertThat(http.getAttributes().get(AttributeKey.stringKey("honeyhive.session_id"))).isEqualTo(tracer.sessionId());
    assertThat(http.getAttributes().get(AttributeKey.stringKey("honeyhive.project"))).isEqualTo("local");
    for (SpanData span : trace) {
      if (span != http) {
        assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_user_properties.user_id")))
            .as(span.getName())
            .isEqualTo("u-42");
      }
      if (span != http && span != service) {
        assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(service.getSpanId());
      }
    }

    assertThat(output.getOut())
        .contains("HoneyHive tracing is on: project local, printed to the console, spans through the application's OpenTelemetry")
        .containsPattern("\nhttp post /chat  [0-9.]+ ms\n└─ invoke_agent Assistant.chat  [0-9.]+ ms  chain  ")
        .containsPattern("\n   ├─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=81/19\n")
        .containsPattern("\n   ├─ execute_tool get_weather  [0-9.]+ ms  tool\n")
        .containsPattern("\n   └─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=142/11\n");
  }

  /** The HTTP server span may end just after the client has its response. */
  private List<SpanData> finishedSpansWithHttpSpan() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
      List<SpanData> all = spans.getFinishedSpanItems();
      if (all.stream().anyMatch(s -> s.getName().equals("http post /chat")) || System.nanoTime() > deadline) {
        return all;
      }
      Thread.sleep(50);
    }
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("%s in %s", name, spans).hasSize(1);
    return named.get(0);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String file) {
    return aResponse().withHeader("Content-Type", "application/json").withBodyFile(file);
  }
}
