package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.model.mistralai.MistralAiChatModel;
import dev.langchain4j.model.mistralai.MistralAiStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code MistralAiChatModel} and {@code MistralAiStreamingChatModel} against Mistral's
 * {@code /v1/chat/completions} JSON and SSE shapes, with a prompt-cache hit in
 * {@code usage.prompt_tokens_details.cached_tokens}. {@code prompt_tokens} already includes the
 * cached tokens, so the input count is right as LangChain4j reports it; the cached count itself is
 * dropped by {@code langchain4j-mistral-ai} (1.18.1 maps usage to a plain {@code TokenUsage}), so
 * no cache attribute is exported.
 */
class MistralTokensTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension mistral =
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
    mistral.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBodyFile("mistral-chat-completion.json")));
    mistral.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", WireMock.equalTo("true")))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/event-stream")
                    .withBodyFile("mistral-chat-completion-stream.sse")));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  @Test
  void blockingCallRecordsPromptTokensWithTheCacheHitInsideAndNoCacheAttribute() {
    MistralAiChatModel model =
        MistralAiChatModel.builder()
            .baseUrl(mistral.baseUrl() + "/v1")
            .apiKey("test-mistral-key")
            .modelName("mistral-medium-latest")
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    // prompt_tokens 1013 of which 960 read from the cache
    assertOneMistralSpan("cmpl-3f8a61c2b9d74e0c9a5b27e4d1f06c88", 1013L);
  }

  @Test
  void streamingCallRecordsTheUsageOfItsLastChunk() throws Exception {
    MistralAiStreamingChatModel model =
        MistralAiStreamingChatModel.builder()
            .baseUrl(mistral.baseUrl() + "/v1")
            .apiKey("test-mistral-key")
            .modelName("mistral-medium-latest")
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(TestModels.chat(model, "What is the capital of France?").aiMessage().text()).isEqualTo("The capital of France is Paris.");
    // prompt_tokens 1350 of which 1280 read from the cache
    assertOneMistralSpan("cmpl-91d07be4a2c34f6f8e1a5c3b7d2e4f60", 1350L);
  }

  private static void assertOneMistralSpan(String id, long input) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat mistral-medium-latest")
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "mistral_ai"),
                                equalTo(AttributeKey.stringKey("gen_ai.response.id"), id),
                                equalTo(AttributeKey.stringKey("gen_ai.response.model"), "mistral-medium-2505"),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), input),
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 8L))
                            .hasAttributesSatisfying(
                                attributes ->
                                    assertThat(attributes)
                                        .doesNotContainKey("gen_ai.usage.cache_read.input_tokens")
                                        .doesNotContainKey("gen_ai.usage.cache_read_input_tokens")
                                        .doesNotContainKey("gen_ai.usage.reasoning.output_tokens")
                                        .doesNotContainKey("gen_ai.usage.reasoning_tokens"))));
  }
}
