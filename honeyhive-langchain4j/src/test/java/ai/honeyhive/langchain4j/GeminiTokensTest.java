package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code GoogleAiGeminiChatModel} ({@code generateContent}) and {@code
 * GoogleAiGeminiStreamingChatModel} ({@code streamGenerateContent}, SSE) against the Gemini API's
 * response shapes: context-cache reads and thinking tokens under the GenAI names and HoneyHive's,
 * the input count as Gemini's prompt count (which already includes cached content), and the output
 * count including thoughts (the GenAI conventions' rule; Gemini reports them apart).
 */
class GeminiTokensTest {

  private static final String MODEL = "gemini-2.5-flash";
  private static final String API_KEY = "gemini-test-key";

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension gemini =
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
    gemini.stubFor(
        post(urlEqualTo("/v1beta/models/" + MODEL + ":generateContent"))
            .withHeader("x-goog-api-key", WireMock.equalTo(API_KEY))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBodyFile("gemini-generate-content.json")));
    gemini.stubFor(
        post(urlEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse"))
            .withHeader("x-goog-api-key", WireMock.equalTo(API_KEY))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/event-stream")
                    .withBodyFile("gemini-stream-generate-content.sse")));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  @Test
  void blockingCallRecordsCacheReadsAndThoughtsAndAddsThoughtsToOutputTokens() {
    GoogleAiGeminiChatModel model =
        GoogleAiGeminiChatModel.builder()
            .baseUrl(gemini.baseUrl() + "/v1beta")
            .apiKey(API_KEY)
            .modelName(MODEL)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    // promptTokenCount 2069 already includes the 2048 cached; 8 candidates + 64 thoughts
    SpanData span = oneGeminiSpan("mX8laeTzB5-vxN8PqYHQ0Ag", 2069L, 72L, 64L);
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 2048L),
            equalTo(AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"), 2048L));
  }

  @Test
  void streamingCallRecordsTheCountsOfItsLastChunk() throws Exception {
    GoogleAiGeminiStreamingChatModel model =
        GoogleAiGeminiStreamingChatModel.builder()
            .baseUrl(gemini.baseUrl() + "/v1beta")
            .apiKey(API_KEY)
            .modelName(MODEL)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(TestModels.chat(model, "What is the capital of France?").aiMessage().text()).isEqualTo("The capital of France is Paris.");
    // no cachedContentTokenCount in the chunks (none cached): no cache attributes; 8 candidates + 120 thoughts
    SpanData span = oneGeminiSpan("Yn8laZ2dKdOTxN8P_cSB-Ag", 21L, 128L, 120L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"))).isNull();
  }

  private static SpanData oneGeminiSpan(String id, long input, long output, long reasoning) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat " + MODEL)
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "gcp.gemini"),
                                equalTo(AttributeKey.stringKey("gen_ai.response.id"), id),
                                equalTo(AttributeKey.stringKey("gen_ai.response.model"), MODEL),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), input),
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), output),
                                equalTo(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), reasoning),
                                equalTo(AttributeKey.longKey("gen_ai.usage.reasoning_tokens"), reasoning))));
    return otel.getSpans().get(0);
  }
}
