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
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code OllamaChatModel} and {@code OllamaStreamingChatModel} against Ollama's
 * {@code /api/chat} shapes (one JSON object; NDJSON whose {@code done: true} line carries the
 * counts). Ollama has no response id and reports no cached or thinking count apart: its
 * {@code eval_count} already includes the thinking tokens, so output is {@code eval_count} as is.
 */
class OllamaTokensTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension ollama =
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
    ollama.stubFor(
        post(urlEqualTo("/api/chat"))
            .atPriority(5)
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBodyFile("ollama-chat.json")));
    ollama.stubFor(
        post(urlEqualTo("/api/chat"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", WireMock.equalTo("true")))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/x-ndjson").withBodyFile("ollama-chat-stream.ndjson")));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  @Test
  void blockingCallRecordsEvalCountsWithThinkingInOutputAndNoResponseId() {
    OllamaChatModel model =
        OllamaChatModel.builder()
            .baseUrl(ollama.baseUrl())
            .modelName("qwen3:8b")
            .think(true)
            .returnThinking(true)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    ChatResponse response = model.chat(request());

    assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
    assertThat(response.aiMessage().thinking()).startsWith("The user wants the capital of France.");
    // eval_count 142 covers the thinking and the answer
    assertOneOllamaSpan(17L, 142L);
  }

  @Test
  void streamingCallRecordsTheCountsOfItsDoneLine() throws Exception {
    OllamaStreamingChatModel model =
        OllamaStreamingChatModel.builder()
            .baseUrl(ollama.baseUrl())
            .modelName("qwen3:8b")
            .think(true)
            .returnThinking(true)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    ChatResponse response = TestModels.chat(model, request());
    assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
    assertThat(response.aiMessage().thinking()).isEqualTo("The user wants the capital of France: Paris.");
    assertOneOllamaSpan(17L, 96L);
  }

  private static ChatRequest request() {
    return ChatRequest.builder().messages(UserMessage.from("What is the capital of France?")).build();
  }

  private static void assertOneOllamaSpan(long input, long output) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat qwen3:8b")
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "ollama"),
                                equalTo(AttributeKey.stringKey("gen_ai.response.model"), "qwen3:8b"),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), input),
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), output))
                            .hasAttributesSatisfying(
                                attributes ->
                                    assertThat(attributes)
                                        .doesNotContainKey("gen_ai.response.id")
                                        .doesNotContainKey("gen_ai.usage.cache_read.input_tokens")
                                        .doesNotContainKey("gen_ai.usage.cache_read_input_tokens")
                                        .doesNotContainKey("gen_ai.usage.reasoning.output_tokens")
                                        .doesNotContainKey("gen_ai.usage.reasoning_tokens"))));
  }
}
