package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.model.bedrock.BedrockChatModel;
import dev.langchain4j.model.bedrock.BedrockStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The real {@code BedrockChatModel} (Converse) and {@code BedrockStreamingChatModel}
 * (ConverseStream) against the Converse API's shapes: prompt-cache reads and writes under the
 * GenAI names and HoneyHive's, and the input count including them (Converse's {@code inputTokens}
 * counts only the input neither read from nor written to the cache). The stream is served in AWS's
 * binary event-stream encoding, built with the SDK's own encoder from the events in
 * {@code bedrock-converse-stream.jsonl}.
 */
class BedrockTokensTest {

  private static final String MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
  private static final String REQUEST_ID = "5f0c6b1e-2a4d-4c9b-8e7f-3d21a9b6c4e8";
  private static final StaticCredentialsProvider FAKE_KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "fake-secret-key"));

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension bedrock =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  private HoneyHiveTracer tracer;
  private BedrockRuntimeClient client;
  private BedrockRuntimeAsyncClient asyncClient;

  @BeforeEach
  void setUp() throws IOException {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("test-project")
            .captureContent(false)
            .environment(name -> null)
            .build();
    bedrock.stubFor(
        post(urlPathMatching("/model/[^/]+/converse"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-RequestId", REQUEST_ID)
                    .withBodyFile("bedrock-converse.json")));
    bedrock.stubFor(
        post(urlPathMatching("/model/[^/]+/converse-stream"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/vnd.amazon.eventstream")
                    .withHeader("x-amzn-RequestId", REQUEST_ID)
                    .withBody(eventStream(Path.of("src/test/resources/__files/bedrock-converse-stream.jsonl")))));
    URI endpoint = URI.create(bedrock.baseUrl());
    client =
        BedrockRuntimeClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(FAKE_KEYS)
            .httpClient(ApacheHttpClient.create())
            .build();
    asyncClient =
        BedrockRuntimeAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(FAKE_KEYS)
            .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build())
            .build();
  }

  @AfterEach
  void tearDown() {
    tracer.close();
    client.close();
    asyncClient.close();
  }

  @Test
  void blockingCallRecordsCacheReadsAndWritesAndTheirSumInInputTokens() {
    BedrockChatModel model =
        BedrockChatModel.builder()
            .client(client)
            .modelId(MODEL)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

    // Converse has no response id; LangChain4j reports the AWS request id in its place.
    // 18 uncached + 2304 read from the cache + 1152 written to it
    assertOneBedrockSpan(equalTo(AttributeKey.stringKey("gen_ai.response.id"), REQUEST_ID), 3474L, 2304L, 1152L);
  }

  @Test
  void streamingCallRecordsTheCacheCountsOfItsMetadataEvent() throws Exception {
    BedrockStreamingChatModel model =
        BedrockStreamingChatModel.builder()
            .client(asyncClient)
            .modelId(MODEL)
            .listeners(List.of(tracer.chatModelListener()))
            .build();

    assertThat(TestModels.chat(model, "What is the capital of France?").aiMessage().text()).isEqualTo("The capital of France is Paris.");
    // ConverseStream has no response id either; LangChain4j makes up a random UUID per response.
    // 18 uncached + 3456 read from the cache + 128 written to it
    assertOneBedrockSpan(
        satisfies(
            AttributeKey.stringKey("gen_ai.response.id"),
            id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}").isNotEqualTo(REQUEST_ID)),
        3602L,
        3456L,
        128L);
  }

  private static void assertOneBedrockSpan(AttributeAssertion responseId, long input, long cacheRead, long cacheWrite) {
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat " + MODEL)
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "aws.bedrock"),
                                responseId,
                                equalTo(
                                    AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")),
                                equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), input),
                                equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 11L),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), cacheRead),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"), cacheRead),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"), cacheWrite),
                                equalTo(AttributeKey.longKey("gen_ai.usage.cache_write_input_tokens"), cacheWrite))));
  }

  /**
   * One event-stream message per line of {@code events}: each line is a ConverseStream output
   * union, {@code {"<event type>": <event>}}, the event being the message's JSON payload.
   */
  private static byte[] eventStream(Path events) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode union = json.readTree(line);
      String type = union.fieldNames().next();
      Map<String, HeaderValue> headers = new LinkedHashMap<>();
      headers.put(":event-type", HeaderValue.fromString(type));
      headers.put(":content-type", HeaderValue.fromString("application/json"));
      headers.put(":message-type", HeaderValue.fromString("event"));
      new Message(headers, json.writeValueAsBytes(union.get(type))).encode(body);
    }
    return body.toByteArray();
  }
}
