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
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code AnthropicChatModel} and {@code AnthropicStreamingChatModel} against Anthropic's
 * Messages API shapes: prompt-cache reads and writes under the GenAI names and HoneyHive's, and
 * the input count including them (the GenAI conventions' rule; Anthropic reports them apart).
 */
class AnthropicTokensTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension anthropic =
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
    anthropic.stubFor(
        post(urlEqualTo("/v1/messages"))
            .atPriority(5)
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBodyFile("anthropic-messages.json")));
    anthropic.stubFor(
        post(urlEqualTo("/v1/messages"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", WireMock.equalTo("true")))
            .willReturn(
                aResponse().withHeader("Content-Type", "text/event-stream").withBodyFile("anthropic-messages-stream.sse")));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  @Test
  void blockingCallRecordsCacheReadsAndWritesAndTheirSumInInputTokens() {
    AnthropicChatModel model =
        AnthropicChatModel.builder()
            .baseUrl(anthropic.baseUrl() + "/v1/")
            .apiKey("sk-ant-test")
            .modelName("claude-sonnet-4-20250514")
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    // 21 uncached + 2048 read from the cache + 1024 written to it
    assertOneAnthropicSpan("msg_01HCDu5LRGeP2o7s2xGmxyZ8", 3093L, 2048L, 1024L);
  }

  @Test
  void streamingCallRecordsTheCacheCountsOfItsMessageStartEvent() throws Exception {
    AnthropicStreamingChatModel model =
        AnthropicStreamingChatModel.builder()
            .baseUrl(anthropic.baseUrl() + "/v1/")
            .apiKey("sk-ant-test")
            .modelName("claude-sonnet-4-20250514")
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(TestModels.chat(model, "What is the capital of France?").aiMessage().text()).isEqualTo("The capital of France is Paris.");
    // 21 uncached + 3072 read from the cache + 0 written
    assertOneAnthropicSpan("msg_01Sx8EMy6nTFeGKDc7rXNHqA", 3093L, 3072L, 0L);
  }

  private static void assertOneAnthropicSpan(String id, long input, long cacheRead, long cacheWrite) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat claude-sonnet-4-20250514")
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "anthropic"),
                                equalTo(AttributeKey.stringKey("gen_ai.response.id"), id),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), input),
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 9L),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), cacheRead),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"), cacheRead),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"), cacheWrite),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_write_input_tokens"), cacheWrite))));
  }
}
