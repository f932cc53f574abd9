package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.azure.AzureOpenAIServiceVersion;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialChatModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code OpenAiOfficialChatModel} and {@code OpenAiOfficialStreamingChatModel} (OpenAI's
 * own Java SDK underneath) against Chat Completions JSON and SSE: cached and reasoning tokens under
 * the GenAI names and HoneyHive's; input and output counts as OpenAI reports them, since its
 * {@code prompt_tokens} already includes cached input and {@code completion_tokens} reasoning.
 */
class OpenAiOfficialTokensTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
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
    openAi.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBodyFile("openai-chat-completion-cached-reasoning.json")));
    // Usage arrives in the last chunk only when the request asks for it; the module does.
    openAi.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", WireMock.equalTo("true")))
            .withRequestBody(matchingJsonPath("$.stream_options.include_usage", WireMock.equalTo("true")))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/event-stream")
                    .withBodyFile("openai-chat-completion-cached-reasoning-stream.sse")));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  @Test
  void blockingCallRecordsCachedAndReasoningTokens() {
    OpenAiOfficialChatModel model =
        OpenAiOfficialChatModel.builder()
            .baseUrl(openAi.baseUrl() + "/v1")
            .apiKey("sk-test")
            .modelName("o4-mini")
            .maxRetries(0)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.provider()).isEqualTo(ModelProvider.OPEN_AI);
    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    assertOneSpan("o4-mini", "openai", "chatcmpl-CYq3Rk8vN2dTfWm5Lp0Hs7GzXc4Ba", 2048L, 320L);
  }

  @Test
  void streamingCallRecordsTheUsageOfItsLastChunk() throws Exception {
    OpenAiOfficialStreamingChatModel model =
        OpenAiOfficialStreamingChatModel.builder()
            .baseUrl(openAi.baseUrl() + "/v1")
            .apiKey("sk-test")
            .modelName("o4-mini")
            .maxRetries(0)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.provider()).isEqualTo(ModelProvider.OPEN_AI);
    assertThat(stream(model).aiMessage().text()).isEqualTo("The capital of France is Paris.");

    assertOneSpan("o4-mini", "openai", "chatcmpl-CYq4Tn6wP1eUgXo8Mr2Jt9HbYd5Ca", 2176L, 256L);
  }

  @Test
  void azureConfiguredModelReportsMicrosoftFoundry() {
    // 1.11.0-beta19 reports any Azure set-up (a deployment name, a service version, isAzure, an
    // *.openai.azure.com URL) as MICROSOFT_FOUNDRY; 1.9 and 1.10 said AZURE_OPEN_AI. (OpenAI's SDK
    // adds api-version and the api-key header only for Azure host names, so not here.)
    OpenAiOfficialChatModel model =
        OpenAiOfficialChatModel.builder()
            .baseUrl(openAi.baseUrl())
            .apiKey("azure-test-key")
            .modelName("gpt-4o-mini")
            .microsoftFoundryDeploymentName("gpt-4o-mini-prod")
            .azureOpenAIServiceVersion(AzureOpenAIServiceVersion.fromString("2024-10-21"))
            .maxRetries(0)
            .listeners(List.of(tracer.chatModelListener()))
            .build();
    openAi.stubFor(
        post(urlPathEqualTo("/openai/deployments/gpt-4o-mini-prod/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBodyFile("openai-chat-completion-cached-reasoning.json")));

    assertThat(model.provider()).isEqualTo(ModelProvider.MICROSOFT_FOUNDRY);
    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    openAi.verify(postRequestedFor(urlPathEqualTo("/openai/deployments/gpt-4o-mini-prod/chat/completions")));
    assertOneSpan("gpt-4o-mini", "azure.ai.inference", "chatcmpl-CYq3Rk8vN2dTfWm5Lp0Hs7GzXc4Ba", 2048L, 320L);
  }

  private static ChatResponse stream(OpenAiOfficialStreamingChatModel model) throws Exception {
    return TestModels.chat(model, "What is the capital of France?");
  }

  private static void assertOneSpan(String model, String provider, String id, long cached, long reasoning) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat " + model)
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), provider),
                                equalTo(AttributeKey.stringKey("gen_ai.response.id"), id),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                // prompt_tokens, cached ones already inside
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 2318L),
                                // completion_tokens, reasoning already inside
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 347L),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), cached),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"), cached),
                                equalTo(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), reasoning),
                                equalTo(AttributeKey.longKey("gen_ai.usage.reasoning_tokens"), reasoning))));
  }
}
