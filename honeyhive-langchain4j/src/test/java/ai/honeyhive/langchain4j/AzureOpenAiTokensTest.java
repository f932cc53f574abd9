package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpClientProvider;
import com.azure.core.util.HttpClientOptions;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.model.azure.AzureOpenAiChatModel;
import dev.langchain4j.model.azure.AzureOpenAiStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code AzureOpenAiChatModel} and {@code AzureOpenAiStreamingChatModel} (Azure's
 * {@code azure-ai-openai} SDK underneath) against Azure OpenAI's chat completions JSON and SSE. The
 * module gives a plain {@code TokenUsage}: Azure sends cached and reasoning counts, LangChain4j
 * drops them, so the span has {@code prompt_tokens} and {@code completion_tokens} (which already
 * include them) and no cache or reasoning attributes.
 *
 * <p>Azure's SDK sends an API key only over HTTPS ("Key credentials require HTTPS to prevent leaking
 * the key"), so the model is given an {@code https://} endpoint and an {@link HttpClientProvider}
 * whose client, the SDK's default one, sends the finished request to WireMock over plain HTTP.
 */
class AzureOpenAiTokensTest {

  private static final String PATH =
      "/openai/deployments/o4-mini-prod/chat/completions?api-version=2024-10-01-preview";

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension azure =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  private HoneyHiveTracer tracer;

  @BeforeEach
  void setUp() {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("test-project")
            .captureContent(false)
            .environment(name -> null)
            .build();
    azure.stubFor(
        post(urlEqualTo(PATH))
            .atPriority(5)
            .withHeader("api-key", WireMock.equalTo("azure-test-key"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBodyFile("azure-openai-chat-completion.json")));
    azure.stubFor(
        post(urlEqualTo(PATH))
            .atPriority(1)
            .withHeader("api-key", WireMock.equalTo("azure-test-key"))
            .withRequestBody(matchingJsonPath("$.stream", WireMock.equalTo("true")))
            .withRequestBody(matchingJsonPath("$.stream_options.include_usage", WireMock.equalTo("true")))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/event-stream")
                    .withBodyFile("azure-openai-chat-completion-stream.sse")));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  @Test
  void blockingCallRecordsPromptAndCompletionTokens() {
    AzureOpenAiChatModel model =
        AzureOpenAiChatModel.builder()
            .endpoint(httpsEndpoint())
            .httpClientProvider(new PlainHttpToWireMock())
            .apiKey("azure-test-key")
            .deploymentName("o4-mini-prod")
            .serviceVersion("2024-10-01-preview")
            .maxRetries(0)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    assertOneAzureSpan("chatcmpl-CYqA1m4Hk7TzRp2Vb9Nw5Lx0Ge3Df");
  }

  @Test
  void streamingCallRecordsTheUsageOfItsLastChunk() throws Exception {
    AzureOpenAiStreamingChatModel model =
        AzureOpenAiStreamingChatModel.builder()
            .endpoint(httpsEndpoint())
            .httpClientProvider(new PlainHttpToWireMock())
            .apiKey("azure-test-key")
            .deploymentName("o4-mini-prod")
            .serviceVersion("2024-10-01-preview")
            .maxRetries(0)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(TestModels.chat(model, "What is the capital of France?").aiMessage().text()).isEqualTo("The capital of France is Paris.");
    assertOneAzureSpan("chatcmpl-CYqB8s2Lf6WaQk3Yc7Pm1Zr4Jh9Eg");
  }

  private static String httpsEndpoint() {
    return "https://localhost:" + azure.getPort();
  }

  /** The SDK's default HTTP client, sending each request over plain HTTP to WireMock's port. */
  private static final class PlainHttpToWireMock implements HttpClientProvider {

    @Override
    public HttpClient createInstance() {
      return createInstance(new HttpClientOptions());
    }

    @Override
    public HttpClient createInstance(HttpClientOptions options) {
      HttpClient http = HttpClient.createDefault(options);
      return request -> http.send(request.setUrl(request.getUrl().toString().replaceFirst("^https:", "http:")));
    }
  }

  private static void assertOneAzureSpan(String id) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat o4-mini-prod")
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "azure.ai.openai"),
                                equalTo(AttributeKey.stringKey("gen_ai.response.id"), id),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                // prompt_tokens, the 1280 (1152 streamed) cached ones already inside
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 1437L),
                                // completion_tokens, the 576 (512 streamed) reasoning ones already inside
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 611L))
                            .satisfies(
                                s ->
                                    assertThat(s.getAttributes().asMap().keySet())
                                        .extracting(AttributeKey::getKey)
                                        .doesNotContain(
                                            "gen_ai.usage.cache_read.input_tokens",
                                            "gen_ai.usage.cache_read_input_tokens",
                                            "gen_ai.usage.reasoning.output_tokens",
                                            "gen_ai.usage.reasoning_tokens"))));
  }
}
