package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.vertexai.Transport;
import com.google.cloud.vertexai.VertexAI;
import com.google.cloud.vertexai.api.GenerationConfig;
import com.google.cloud.vertexai.api.LlmUtilityServiceClient;
import com.google.cloud.vertexai.api.LlmUtilityServiceSettings;
import com.google.cloud.vertexai.api.PredictionServiceClient;
import com.google.cloud.vertexai.api.PredictionServiceSettings;
import com.google.cloud.vertexai.generativeai.GenerativeModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.vertexai.gemini.VertexAiGeminiChatModel;
import dev.langchain4j.model.vertexai.gemini.VertexAiGeminiStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code VertexAiGeminiChatModel} and {@code VertexAiGeminiStreamingChatModel}
 * ({@code langchain4j-vertex-ai-gemini} 1.15.1-beta25, on Google's Vertex AI SDK) against Vertex AI's
 * REST shapes for {@code generateContent} and {@code streamGenerateContent} (a JSON array), with the
 * integer enums that the SDK's REST transport asks for ({@code enum-encoding=int}).
 *
 * <p>That module reports a plain {@code TokenUsage} (prompt, candidates and total counts): Vertex's
 * {@code cachedContentTokenCount}, {@code thoughtsTokenCount} and {@code responseId} are dropped
 * before our listener sees the response, so the span has input and output counts only, the output
 * count without thinking tokens. The tests pin that down, so a release that starts reporting them
 * shows up here.
 *
 * <p>How the models reach WireMock: their builder, the only public way to give them listeners,
 * always makes a gRPC client for {@code <apiEndpoint>:443} (TLS). The constructor that takes a
 * {@code GenerativeModel} accepts a Vertex AI client on the REST transport at any URL with no
 * credentials, but leaves the listeners empty; the test sets that one private field by reflection.
 * Everything else (request, response mapping, listener calls) is the models' own code.
 */
class VertexAiTokensTest {

  private static final String MODEL = "gemini-2.5-flash";
  private static final String RESOURCE =
      "/v1/projects/test-project/locations/us-central1/publishers/google/models/" + MODEL;

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension vertex =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  private HoneyHiveTracer tracer;
  private VertexAI vertexAi;

  @BeforeEach
  void setUp() {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("test-project")
            .captureContent(false)
            .environment(name -> null)
            .build();
    vertex.stubFor(
        post(urlPathEqualTo(RESOURCE + ":generateContent"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBodyFile("vertex-generate-content.json")));
    vertex.stubFor(
        post(urlPathEqualTo(RESOURCE + ":streamGenerateContent"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBodyFile("vertex-stream-generate-content.json")));
    // Fixed credentials for the SDK and none on the wire: nothing looks for Application Default
    // Credentials (that lookup pings the Compute Engine metadata server), close() included.
    PredictionServiceSettings.Builder local =
        PredictionServiceSettings.newHttpJsonBuilder()
            .setEndpoint(vertex.baseUrl())
            .setCredentialsProvider(NoCredentialsProvider.create());
    vertexAi =
        new VertexAI.Builder()
            .setProjectId("test-project")
            .setLocation("us-central1")
            .setTransport(Transport.REST)
            .setCredentials(GoogleCredentials.create(new AccessToken("test-token", null)))
            .setPredictionClientSupplier(() -> unchecked(() -> PredictionServiceClient.create(local.build())))
            .setLlmClientSupplier(
                () ->
                    unchecked(
                        () ->
                            LlmUtilityServiceClient.create(
                                LlmUtilityServiceSettings.newHttpJsonBuilder()
                                    .setEndpoint(vertex.baseUrl())
                                    .setCredentialsProvider(NoCredentialsProvider.create())
                                    .build())))
            .build();
  }

  @AfterEach
  void tearDown() {
    vertexAi.close();
    tracer.close();
  }

  @Test
  void blockingCallRecordsPromptAndCandidatesCounts() throws Exception {
    VertexAiGeminiChatModel model =
        new VertexAiGeminiChatModel(generativeModel(), GenerationConfig.getDefaultInstance());
    listenTo(model, tracer.chatModelListener());

    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    // promptTokenCount 2069 (2048 of them cached) and candidatesTokenCount 8; the 64 thoughts are lost
    assertOneVertexSpan(2069L, 8L);
  }

  @Test
  void streamingCallRecordsTheCountsOfItsLastChunk() throws Exception {
    VertexAiGeminiStreamingChatModel model =
        new VertexAiGeminiStreamingChatModel(generativeModel(), GenerationConfig.getDefaultInstance());
    listenTo(model, tracer.chatModelListener());

    assertThat(TestModels.chat(model, "What is the capital of France?").aiMessage().text()).isEqualTo("The capital of France is Paris.");
    // This model calls the handler's onCompleteResponse before its listeners' onResponse, so the span
    // ends a moment after the answer is in.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (otel.getSpans().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertOneVertexSpan(21L, 8L);
  }

  // Google deprecates the Vertex AI SDK's GenerativeModel (for its Gen AI SDK); LangChain4j's module
  // still runs on it.
  @SuppressWarnings("deprecation")
  private GenerativeModel generativeModel() {
    return new GenerativeModel(MODEL, vertexAi);
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T unchecked(IoSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The one private field the public constructors leave empty; see the class comment. */
  private static void listenTo(Object model, ChatModelListener listener) throws ReflectiveOperationException {
    Field listeners = model.getClass().getDeclaredField("listeners");
    listeners.setAccessible(true);
    listeners.set(model, List.of(listener));
  }

  private static void assertOneVertexSpan(long input, long output) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat " + MODEL)
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "gcp.vertex_ai"),
                                equalTo(AttributeKey.stringKey("gen_ai.response.model"), MODEL),
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), input),
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), output))));
    Attributes attributes = otel.getSpans().get(0).getAttributes();
    for (String dropped :
        List.of(
            "gen_ai.usage.cache_read.input_tokens",
            "gen_ai.usage.cache_read_input_tokens",
            "gen_ai.usage.reasoning.output_tokens",
            "gen_ai.usage.reasoning_tokens")) {
      assertThat(attributes.get(AttributeKey.longKey(dropped))).as(dropped).isNull();
    }
    assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.id"))).isNull();
  }
}
