package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.TestModels.Mode;
import ai.honeyhive.langchain4j.internal.Library;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChatModelListenerTest {

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
            .source("test")
            .sessionName("listener-test")
            .sessionId("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c10")
            .environment(name -> null)
            .build();
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  private ChatResponse chat(Mode mode, ChatRequest request) {
    return TestModels.chat(mode, openAi.baseUrl(), tracer.chatModelListener(), request);
  }

  private static List<AttributeAssertion> session() {
    return SessionAssertions.session(
        "0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c10", "test-project", "test", "listener-test");
  }

  private static List<AttributeAssertion> with(List<AttributeAssertion> a, AttributeAssertion... more) {
    List<AttributeAssertion> all = new ArrayList<>(a);
    all.addAll(List.of(more));
    return all;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void plainChatRecordsExactGenAiAndHoneyHiveAttributes(Mode mode) {
    ChatResponse response =
        chat(
            mode,
            ChatRequest.builder()
                .messages(
                    SystemMessage.from("You are a geography tutor."),
                    UserMessage.from("What is the capital of France?"))
                .build());

    assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
    String id =
        mode == Mode.BLOCKING
            ? "chatcmpl-CXhGl8mT2pLqv0J9bA1sYk3eRzN4w"
            : "chatcmpl-CXhKd2sF9gHj4kLq1ZxWv8bNm3PoR";
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat gpt-4o-mini")
                            .hasKind(SpanKind.CLIENT)
                            .hasNoParent()
                            .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
                            .hasInstrumentationScopeInfo(
                                io.opentelemetry.sdk.common.InstrumentationScopeInfo.builder(
                                        "ai.honeyhive.langchain4j")
                                    .setVersion(Library.VERSION)
                                    .build())
                            .hasAttributesSatisfyingExactly(
                                with(
                                    session(),
                                    equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "chat"),
                                    equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "openai"),
                                    equalTo(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini"),
                                    equalTo(AttributeKey.doubleKey("gen_ai.request.temperature"), 0.2),
                                    equalTo(AttributeKey.stringKey("honeyhive_event_type"), "model"),
                                    equalTo(AttributeKey.stringKey("gen_ai.response.id"), id),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.response.model"),
                                        "gpt-4o-mini-2024-07-18"),
                                    equalTo(
                                        AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
                                        List.of("stop")),
                                    equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 24L),
                                    equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 8L),
                                    equalTo(
                                        AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 0L),
                                    equalTo(
                                        AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"), 0L),
                                    equalTo(
                                        AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), 0L),
                                    equalTo(AttributeKey.longKey("gen_ai.usage.reasoning_tokens"), 0L),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.system_instructions"),
                                        "[{\"type\":\"text\",\"content\":\"You are a geography tutor.\"}]"),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.input.messages"),
                                        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                                            + "\"What is the capital of France?\"}]}]"),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.output.messages"),
                                        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                                            + "\"The capital of France is Paris.\"}],\"finish_reason\":\"stop\"}]"),
                                    equalTo(
                                        AttributeKey.stringKey("honeyhive_inputs.chat_history.0.role"),
                                        "system"),
                                    equalTo(
                                        AttributeKey.stringKey("honeyhive_inputs.chat_history.0.content"),
                                        "You are a geography tutor."),
                                    equalTo(
                                        AttributeKey.stringKey("honeyhive_inputs.chat_history.1.role"),
                                        "user"),
                                    equalTo(
                                        AttributeKey.stringKey("honeyhive_inputs.chat_history.1.content"),
                                        "What is the capital of France?"),
                                    equalTo(AttributeKey.stringKey("honeyhive_outputs.role"), "assistant"),
                                    equalTo(
                                        AttributeKey.stringKey("honeyhive_outputs.content"),
                                        "The capital of France is Paris."),
                                    equalTo(
                                        AttributeKey.stringKey("honeyhive_outputs.finish_reason"),
                                        "stop")))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void contentCaptureOffRecordsNoMessagesButKeepsToolNames(Mode mode) {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("test-project")
            .source("test")
            .sessionName("listener-test")
            .sessionId("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c10")
            .captureContent(false)
            .environment(name -> null)
            .build();

    chat(
        mode,
        ChatRequest.builder()
            .messages(UserMessage.from("What is the weather in Paris?"))
            .toolSpecifications(weatherTool())
            .build());

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat gpt-4o-mini")
                            .hasAttributesSatisfyingExactly(
                                with(
                                    session(),
                                    equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "chat"),
                                    equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "openai"),
                                    equalTo(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini"),
                                    equalTo(AttributeKey.doubleKey("gen_ai.request.temperature"), 0.2),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.tool.definitions"),
                                        "[{\"type\":\"function\",\"name\":\"get_weather\"}]"),
                                    equalTo(AttributeKey.stringKey("honeyhive_event_type"), "model"),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.response.id"),
                                        mode == Mode.BLOCKING
                                            ? "chatcmpl-CXhHa1QwZc7Yr2nVt5KdPp0sLmE8b"
                                            : "chatcmpl-CXhLf5uH1jKl7mNo3QrSt9vWx2YzA"),
                                    equalTo(
                                        AttributeKey.stringKey("gen_ai.response.model"),
                                        "gpt-4o-mini-2024-07-18"),
                                    equalTo(
                                        AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
                                        List.of("tool_calls")),
                                    equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 81L),
                                    equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 19L),
                                    equalTo(
                                        AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 64L),
                                    equalTo(
                                        AttributeKey.longKey("gen_ai.usage.cache_read_input_tokens"), 64L),
                                    equalTo(
                                        AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"),
                                        0L),
                                    equalTo(AttributeKey.longKey("gen_ai.usage.reasoning_tokens"), 0L)))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void toolCallAndToolResultAreRecordedInBothSchemas(Mode mode) {
    AiMessage earlierCall =
        AiMessage.from(
            dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
                .id("call_prev1")
                .name("get_time")
                .arguments("{\"zone\":\"CET\"}")
                .build());
    chat(
        mode,
        ChatRequest.builder()
            .messages(
                UserMessage.from("What time is it, and what is the weather in Paris?"),
                earlierCall,
                ToolExecutionResultMessage.from("call_prev1", "get_time", "14:05"))
            .toolSpecifications(weatherTool())
            .build());

    String definitions =
        "[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Current weather in a city\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"unit\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]";
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat gpt-4o-mini")
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("gen_ai.tool.definitions"), definitions),
                                equalTo(
                                    AttributeKey.stringKey("gen_ai.input.messages"),
                                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                                        + "\"What time is it, and what is the weather in Paris?\"}]},"
                                        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\","
                                        + "\"id\":\"call_prev1\",\"name\":\"get_time\",\"arguments\":"
                                        + "{\"zone\":\"CET\"}}]},"
                                        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\","
                                        + "\"id\":\"call_prev1\",\"response\":\"14:05\"}]}]"),
                                equalTo(
                                    AttributeKey.stringKey("gen_ai.output.messages"),
                                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\","
                                        + "\"id\":\"call_Xq3mZbV8Lr2TnK9sW4yHdF1c\",\"name\":\"get_weather\","
                                        + "\"arguments\":{\"city\":\"Paris\",\"unit\":\"celsius\"}}],"
                                        + "\"finish_reason\":\"tool_calls\"}]"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_inputs.chat_history.1.role"),
                                    "assistant"),
                                equalTo(
                                    AttributeKey.stringKey(
                                        "honeyhive_inputs.chat_history.1.tool_calls.0.id"),
                                    "call_prev1"),
                                equalTo(
                                    AttributeKey.stringKey(
                                        "honeyhive_inputs.chat_history.1.tool_calls.0.type"),
                                    "function"),
                                equalTo(
                                    AttributeKey.stringKey(
                                        "honeyhive_inputs.chat_history.1.tool_calls.0.function.name"),
                                    "get_time"),
                                equalTo(
                                    AttributeKey.stringKey(
                                        "honeyhive_inputs.chat_history.1.tool_calls.0.function.arguments"),
                                    "{\"zone\":\"CET\"}"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_inputs.chat_history.2.role"), "tool"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_inputs.chat_history.2.content"),
                                    "14:05"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_inputs.chat_history.2.tool_call_id"),
                                    "call_prev1"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_inputs.chat_history.2.name"),
                                    "get_time"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.id"),
                                    "call_Xq3mZbV8Lr2TnK9sW4yHdF1c"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.type"),
                                    "function"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.function.name"),
                                    "get_weather"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.function.arguments"),
                                    "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                                equalTo(
                                    AttributeKey.stringKey("honeyhive_outputs.finish_reason"),
                                    "tool_calls"))
                            .satisfies(
                                data -> {
                                  assertThat(data.getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.content")))
                                      .isNull();
                                  // No key of the old shape (tool_calls.N.name / .arguments) remains.
                                  assertThat(data.getAttributes().asMap().keySet())
                                      .extracting(AttributeKey::getKey)
                                      .noneMatch(k -> k.matches(".*tool_calls\\.\\d+\\.(name|arguments)$"));
                                })));
  }

  @Test
  void reasoningTokensAreRecorded() {
    chat(Mode.BLOCKING, ChatRequest.builder().messages(UserMessage.from("Is 17 prime?")).build());

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasAttributesSatisfying(
                            equalTo(AttributeKey.stringKey("gen_ai.response.model"), "o4-mini-2025-04-16"),
                            equalTo(AttributeKey.longKey("gen_ai.usage.output_tokens"), 211L),
                            equalTo(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), 192L),
                            equalTo(AttributeKey.longKey("gen_ai.usage.reasoning_tokens"), 192L))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void http400EndsSpanWithErrorAndTheCallerGetsTheSameException(Mode mode) {
    ChatRequest request =
        ChatRequest.builder().messages(UserMessage.from("trigger-400 please")).build();

    assertThatThrownBy(() -> chat(mode, request)).isInstanceOf(InvalidRequestException.class);

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat gpt-4o-mini")
                            .hasStatusSatisfying(
                                status ->
                                    status
                                        .hasCode(StatusCode.ERROR)
                                        .hasDescription(
                                            "{\"error\":{\"message\":\"Invalid value for 'temperature': decimal above maximum value. Expected a value <= 2, but got 7 instead.\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"decimal_above_max_value\"}}"))
                            .hasEventsSatisfyingExactly(
                                event ->
                                    event
                                        .hasName("exception")
                                        .hasAttributesSatisfying(
                                            equalTo(
                                                AttributeKey.stringKey("exception.type"),
                                                "dev.langchain4j.exception.InvalidRequestException")))
                            .hasAttributesSatisfying(
                                equalTo(
                                    AttributeKey.stringKey("error.type"),
                                    "dev.langchain4j.exception.InvalidRequestException"),
                                satisfies(
                                    AttributeKey.stringKey("honeyhive_error"),
                                    v -> v.contains("invalid_request_error")))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void http500EndsSpanWithError(Mode mode) {
    ChatRequest request =
        ChatRequest.builder().messages(UserMessage.from("trigger-500 please")).build();

    assertThatThrownBy(() -> chat(mode, request)).isInstanceOf(InternalServerException.class);

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
                            .hasAttributesSatisfying(
                                equalTo(
                                    AttributeKey.stringKey("error.type"),
                                    "dev.langchain4j.exception.InternalServerException"))));
  }

  @Test
  void streamThatFailsMidStreamEndsSpanWithError() {
    ChatRequest request =
        ChatRequest.builder().messages(UserMessage.from("please fail mid-stream")).build();

    assertThatThrownBy(() -> chat(Mode.STREAMING, request))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("server_error");

    // LangChain4j may still report completion after the error event; the span ends once, as an error.
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasName("chat gpt-4o-mini")
                            .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
                            .hasAttributesSatisfying(
                                equalTo(AttributeKey.stringKey("error.type"), "java.lang.RuntimeException"))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void spanParentIsTheCallersCurrentSpan(Mode mode) {
    Span parent = otel.getOpenTelemetry().getTracer("test").spanBuilder("handle request").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      chat(mode, ChatRequest.builder().messages(UserMessage.from("Hello")).build());
    } finally {
      parent.end();
    }

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span -> span.hasName("handle request").hasNoParent(),
                    span -> span.hasName("chat gpt-4o-mini").hasParent(trace.getSpan(0))));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void callersContextIsUnchangedAfterTheCall(Mode mode) {
    Context before = Context.current();

    chat(mode, ChatRequest.builder().messages(UserMessage.from("Hello")).build());

    assertThat(Context.current()).isSameAs(before);
    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void sessionIdFromBaggageWinsOverTheTracersOwn(Mode mode) {
    Baggage baggage =
        Baggage.builder()
            .put("session_id", "5f0e7a52-1111-4c1e-9d2b-000000000001")
            .put("source", "checkout-service")
            .put("project", "checkout")
            .put("parent_id", "8d1e2f30-4a5b-4c6d-8e7f-901a2b3c4d5e")
            .put("tenant", "acme")
            .build();
    try (Scope ignored = baggage.makeCurrent()) {
      chat(mode, ChatRequest.builder().messages(UserMessage.from("Hello")).build());
    }

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace ->
                trace.hasSpansSatisfyingExactly(
                    span ->
                        span.hasAttributesSatisfying(
                            equalTo(
                                AttributeKey.stringKey("honeyhive.session_id"),
                                "5f0e7a52-1111-4c1e-9d2b-000000000001"),
                            equalTo(
                                AttributeKey.stringKey("traceloop.association.properties.session_id"),
                                "5f0e7a52-1111-4c1e-9d2b-000000000001"),
                            equalTo(AttributeKey.stringKey("honeyhive.source"), "checkout-service"),
                            equalTo(
                                AttributeKey.stringKey("traceloop.association.properties.source"),
                                "checkout-service"),
                            equalTo(AttributeKey.stringKey("honeyhive.project"), "checkout"),
                            equalTo(AttributeKey.stringKey("traceloop.association.properties.project"), "checkout"),
                            equalTo(
                                AttributeKey.stringKey("honeyhive.parent_id"), "8d1e2f30-4a5b-4c6d-8e7f-901a2b3c4d5e"),
                            equalTo(
                                AttributeKey.stringKey("traceloop.association.properties.parent_id"),
                                "8d1e2f30-4a5b-4c6d-8e7f-901a2b3c4d5e"),
                            equalTo(AttributeKey.stringKey("baggage.tenant"), "acme"))));
  }

  @Test
  void listenerFromTheSameTracerServesManyModels() {
    chat(Mode.BLOCKING, ChatRequest.builder().messages(UserMessage.from("Hello")).build());
    chat(Mode.STREAMING, ChatRequest.builder().messages(UserMessage.from("Hello")).build());

    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat gpt-4o-mini")),
            trace -> trace.hasSpansSatisfyingExactly(span -> span.hasName("chat gpt-4o-mini")));
  }

  static ToolSpecification weatherTool() {
    return ToolSpecification.builder()
        .name("get_weather")
        .description("Current weather in a city")
        .parameters(
            JsonObjectSchema.builder()
                .addStringProperty("city")
                .addStringProperty("unit")
                .required("city")
                .build())
        .build();
  }

  @SuppressWarnings("unused")
  private static final Class<?> KEEP = HttpException.class;
}
