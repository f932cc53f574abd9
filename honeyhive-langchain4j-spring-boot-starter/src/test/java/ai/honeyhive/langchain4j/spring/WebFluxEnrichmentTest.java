package ai.honeyhive.langchain4j.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.spring.testapp.TestApplication;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The same application as {@link SpringBootTracingTest}, run on WebFlux (Netty) with a {@link
 * HoneyHiveExchangeEnricher} bean: the request's enrichment reaches the AI-service, model and tool
 * spans the controller causes.
 */
@SpringBootTest(
    classes = {TestApplication.class, WebFluxEnrichmentTest.Enrichment.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto",
      "langchain4j.open-ai.chat-model.api-key=sk-test-not-a-real-key",
      "langchain4j.open-ai.chat-model.model-name=gpt-4o-mini",
      "langchain4j.open-ai.chat-model.max-retries=0",
      "management.tracing.sampling.probability=1.0",
      "honeyhive.api-key=hh-test-key",
      "honeyhive.project=webflux-test"
    })
class WebFluxEnrichmentTest {

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

  /** The WebFlux enricher, and an exporter of the application's to read the spans from. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Enrichment {
    @Bean
    HoneyHiveExchangeEnricher exchangeEnrichment() {
      return exchange ->
          EnrichmentContext.builder()
              .userProperty("user_id", exchange.getRequest().getHeaders().getFirst("X-User-Id"))
              .metadata("feature", "webflux:" + exchange.getRequest().getPath().value())
              .build();
    }

    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired WebTestClient http;
  @Autowired InMemorySpanExporter spans;
  @Autowired SdkTracerProvider springTracerProvider;

  @Test
  void theExchangesEnrichmentReachesEverySpanTheRequestCauses() throws Exception {
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBodyFile("openai-chat-completion-tool-call.json")));
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBodyFile("openai-chat-completion-after-tool.json")));
    honeyHive.stubFor(post(urlEqualTo("/opentelemetry/v1/traces")).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(post(urlEqualTo("/session/start")).willReturn(aResponse().withStatus(200).withBody("{}")));

    String answer =
        http.mutate().responseTimeout(Duration.ofSeconds(20)).build()
            .post().uri("/chat").header("X-User-Id", "u-77").bodyValue("What is the weather in Paris?")
            .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");

    List<SpanData> ours = ourSpans();
    assertThat(ours)
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder(
            "invoke_agent Assistant.chat", "chat gpt-4o-mini", "execute_tool get_weather", "chat gpt-4o-mini");
    assertThat(ours)
        .allSatisfy(
            span -> {
              assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_user_properties.user_id")))
                  .as(span.getName())
                  .isEqualTo("u-77");
              assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_metadata.feature")))
                  .as(span.getName())
                  .isEqualTo("webflux:/chat");
            });
  }

  private List<SpanData> ourSpans() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<SpanData> ours = List.of();
    while (System.nanoTime() < deadline) {
      springTracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
      ours =
          spans.getFinishedSpanItems().stream()
              .filter(s -> s.getInstrumentationScopeInfo().getName().startsWith("ai.honeyhive"))
              .toList();
      if (ours.size() >= 4) {
        return ours;
      }
      Thread.sleep(100);
    }
    return ours;
  }
}
