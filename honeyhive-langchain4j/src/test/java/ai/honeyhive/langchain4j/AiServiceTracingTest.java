package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.guardrail.OutputGuardrailException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real AiServices assistant: the whole span tree, its attributes, streaming, failures, load. */
class AiServiceTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  private static final String QUESTION = "What is the weather in Paris?";
  private static final String ANSWER = "It is 18°C and sunny in Paris.";

  /** What one call of the assistant looks like: every span, in start order, with its parent. */
  private static final List<String> EXPECTED_TREE =
      List.of(
          "invoke_agent Assistant.chat <- (root)",
          "retrieval content_retriever <- invoke_agent Assistant.chat",
          "embeddings text-embedding-3-small <- invoke_agent Assistant.chat",
          "retrieval embedding_store <- invoke_agent Assistant.chat",
          "chat gpt-4o-mini <- invoke_agent Assistant.chat",
          "execute_tool get_weather <- invoke_agent Assistant.chat",
          "chat gpt-4o-mini <- invoke_agent Assistant.chat",
          "guardrail AnswerGuardrail <- invoke_agent Assistant.chat");

  private HoneyHiveTracer tracer;
  private AiServiceFixture fixture;

  @BeforeEach
  void setUp() {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("ai-services")
            .sessionId("7d3f9a10-2b4c-4e6f-8a1b-9c0d1e2f3a4b")
            .environment(name -> null)
            .build();
    fixture = new AiServiceFixture(tracer, openAi.baseUrl());
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  /** "name <- parent name" for every span, in start order. */
  static List<String> tree(List<SpanData> spans) {
    Map<String, String> names = new HashMap<>();
    for (SpanData s : spans) {
      names.put(s.getSpanId(), s.getName());
    }
    List<SpanData> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    List<String> out = new ArrayList<>();
    for (SpanData s : sorted) {
      out.add(s.getName() + " <- " + names.getOrDefault(s.getParentSpanId(), "(root)"));
    }
    return out;
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .collect(Collectors.toList());
  }

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> found = named(spans, name);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<io.opentelemetry.sdk.testing.assertj.AttributeAssertion> session() {
    return SessionAssertions.session("7d3f9a10-2b4c-4e6f-8a1b-9c0d1e2f3a4b", "ai-services", "dev", "ai-services");
  }

  private static List<io.opentelemetry.sdk.testing.assertj.AttributeAssertion> with(
      io.opentelemetry.sdk.testing.assertj.AttributeAssertion... more) {
    List<io.opentelemetry.sdk.testing.assertj.AttributeAssertion> all = new ArrayList<>(session());
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void oneCallGivesTheWholeTreeWithRealDurationsAndExactAttributes() {
    String answer = fixture.traced.chat("conv-1", QUESTION);

    assertThat(answer).isEqualTo(ANSWER);
    List<SpanData> spans = otel.getSpans();
    assertThat(tree(spans)).containsExactlyElementsOf(EXPECTED_TREE);
    assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(spans.get(0).getTraceId()));

    SpanData chain = one(spans, "invoke_agent Assistant.chat");
    assertThat(chain)
        .hasKind(SpanKind.INTERNAL)
        .hasAttributesSatisfyingExactly(
            with(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "chain"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "invoke_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "Assistant"),
                equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "conv-1"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.memory_id"), "conv-1"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.user_message"), QUESTION),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), ANSWER)));

    SpanData tool = one(spans, "execute_tool get_weather");
    assertThat(tool)
        .hasKind(SpanKind.INTERNAL)
        .hasParent(chain)
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .hasAttributesSatisfyingExactly(
            with(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "tool"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "execute_tool"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.name"), "get_weather"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.type"), "function"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.call.id"), "call_Xq3mZbV8Lr2TnK9sW4yHdF1c"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.call.arguments"), "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.city"), "Paris"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.unit"), "celsius"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), "18 degrees celsius, sunny in Paris"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "18 degrees celsius, sunny in Paris")));

    List<SpanData> chats = named(spans, "chat gpt-4o-mini");
    assertThat(chats).hasSize(2);
    assertThat(chats.get(0))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "conv-1"),
            equalTo(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls")));
    assertThat(chats.get(1))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "conv-1"),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.content"), ANSWER),
            equalTo(AttributeKey.stringKey("honeyhive_inputs.chat_history.2.role"), "tool"));
    // The tool ran between the two model calls, for a real, positive duration.
    assertThat(tool.getStartEpochNanos()).isGreaterThanOrEqualTo(chats.get(0).getEndEpochNanos());
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(chats.get(1).getStartEpochNanos());
    assertThat(tool.getEndEpochNanos()).isGreaterThan(tool.getStartEpochNanos());

    assertThat(one(spans, "retrieval content_retriever"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.retrieval.query.text"), QUESTION),
            equalTo(AttributeKey.longKey("honeyhive_outputs.count"), 2L),
            equalTo(AttributeKey.doubleKey("honeyhive_outputs.documents.0.score"), 1.0),
            equalTo(AttributeKey.doubleKey("honeyhive_outputs.documents.1.score"), 0.5),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.documents.0.content"), "Paris is the capital of France."));
    assertThat(one(spans, "retrieval embedding_store"))
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.longKey("honeyhive_inputs.max_results"), 2L),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.documents.0.id"), "doc-paris"),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.documents.1.id"), "doc-berlin"));
    assertThat(one(spans, "embeddings text-embedding-3-small"))
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_event_type"), "model"),
            equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "openai"),
            equalTo(AttributeKey.stringKey("gen_ai.request.model"), "text-embedding-3-small"),
            equalTo(AttributeKey.longKey("honeyhive_inputs.count"), 1L),
            equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 6L),
            equalTo(AttributeKey.longKey("gen_ai.embeddings.dimension.count"), 3L));
    SpanData guardrail = one(spans, "guardrail AnswerGuardrail");
    assertThat(guardrail)
        .hasAttributesSatisfyingExactly(
            with(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "tool"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.guardrail_kind"), "output"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.guardrail_name"), "AnswerGuardrail"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.response"), ANSWER),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "SUCCESS")));
    assertThat(guardrail.getStartEpochNanos()).isGreaterThanOrEqualTo(chats.get(1).getStartEpochNanos());
    assertThat(chain.getEndEpochNanos()).isGreaterThanOrEqualTo(guardrail.getEndEpochNanos());
  }

  @Test
  void resultReturnRecordsAnswerFinishReasonUsageSourcesAndTools() {
    Result<String> result = fixture.traced.chatWithResult("conv-r", QUESTION);

    assertThat(result.content()).isEqualTo(ANSWER);
    assertThat(one(otel.getSpans(), "invoke_agent Assistant.chatWithResult"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), ANSWER),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.finish_reason"), "stop"),
            equalTo(AttributeKey.longKey("honeyhive_outputs.token_usage.input"), 81L + 142L),
            equalTo(AttributeKey.longKey("honeyhive_outputs.token_usage.output"), 19L + 11L),
            equalTo(AttributeKey.longKey("honeyhive_outputs.sources_count"), 2L),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.id"), "call_Xq3mZbV8Lr2TnK9sW4yHdF1c"),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.type"), "function"),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.function.name"), "get_weather"),
            equalTo(
                AttributeKey.stringKey("honeyhive_outputs.tool_calls.0.function.arguments"),
                "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(one(otel.getSpans(), "invoke_agent Assistant.chatWithResult").getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .doesNotContain("honeyhive_outputs.tool_calls.0.name", "honeyhive_outputs.tool_calls.0.arguments");
  }

  @Test
  void tokenStreamSpanEndsWhenTheStreamCompletesNotAtReturn() throws Exception {
    TokenStream stream = fixture.traced.stream("conv-s", QUESTION);
    assertThat(named(otel.getSpans(), "invoke_agent Assistant.stream")).isEmpty();

    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder tokens = new StringBuilder();
    stream
        .onPartialResponse(tokens::append)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    ChatResponse response = done.get(20, TimeUnit.SECONDS);

    assertThat(response.aiMessage().text()).isEqualTo(ANSWER);
    assertThat(tokens.toString()).isEqualTo(ANSWER);
    List<SpanData> spans = otel.getSpans();
    List<String> expected = new ArrayList<>();
    EXPECTED_TREE.forEach(line -> expected.add(line.replace("Assistant.chat", "Assistant.stream")));
    assertThat(tree(spans)).containsExactlyElementsOf(expected);
    SpanData chain = one(spans, "invoke_agent Assistant.stream");
    assertThat(chain)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), ANSWER),
            equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "conv-s"));
    for (SpanData child : spans) {
      assertThat(chain.getEndEpochNanos()).isGreaterThanOrEqualTo(child.getEndEpochNanos());
    }
  }

  @Test
  void aFailingToolIsAnErrorSpanAndTheServiceStillAnswers() {
    fixture.tools.fail = true;

    String answer = fixture.traced.chat("conv-t", QUESTION);

    assertThat(answer).isEqualTo(ANSWER);
    List<SpanData> spans = otel.getSpans();
    assertThat(tree(spans)).containsExactlyElementsOf(EXPECTED_TREE);
    assertThat(one(spans, "execute_tool get_weather"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("weather service down"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("error.type"), "tool_error"),
            equalTo(AttributeKey.stringKey("honeyhive_error"), "weather service down"),
            equalTo(AttributeKey.stringKey("honeyhive_error_type"), "tool_error"));
    assertThat(one(spans, "invoke_agent Assistant.chat")).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset());
  }

  @Test
  void aFailingModelFailsTheChainWithTheModelsException() {
    assertThatThrownBy(() -> fixture.traced.chat("conv-m", "trigger-500 " + QUESTION))
        .isInstanceOf(InternalServerException.class);

    List<SpanData> spans = otel.getSpans();
    assertThat(one(spans, "invoke_agent Assistant.chat"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("error.type"), "dev.langchain4j.exception.InternalServerException"),
            equalTo(AttributeKey.stringKey("honeyhive_error_type"), "InternalServerException"));
    assertThat(one(spans, "chat gpt-4o-mini"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasParent(one(spans, "invoke_agent Assistant.chat"));
  }

  @Test
  void aRejectingGuardrailFailsItsSpanAndTheChain() {
    fixture.guardrail.reject = true;

    assertThatThrownBy(() -> fixture.traced.chat("conv-g", QUESTION))
        .isInstanceOf(OutputGuardrailException.class)
        .hasMessageContaining("answer rejected by policy");

    List<SpanData> spans = otel.getSpans();
    assertThat(one(spans, "guardrail AnswerGuardrail"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "FATAL"),
            equalTo(AttributeKey.stringKey("error.type"), "guardrail_fatal"),
            equalTo(AttributeKey.stringKey("honeyhive_error_type"), "guardrail_fatal"));
    assertThat(one(spans, "invoke_agent Assistant.chat"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("error.type"), OutputGuardrailException.class.getName()),
            equalTo(AttributeKey.stringKey("honeyhive_error_type"), "OutputGuardrailException"));
  }

  @Test
  void toolsRunConcurrentlyOnOtherThreadsStillNestUnderTheirCall() {
    AiServiceFixture concurrent = new AiServiceFixture(tracer, openAi.baseUrl(), true);

    String answer = concurrent.traced.chat("conv-c", "What is the weather in Paris and Berlin?");

    assertThat(answer).isEqualTo("Paris: 18°C and sunny. Berlin: 18°C and sunny.");
    assertThat(concurrent.tools.threads).doesNotContain(Thread.currentThread().getName());
    List<SpanData> spans = otel.getSpans();
    SpanData chain = one(spans, "invoke_agent Assistant.chat");
    List<SpanData> tools = named(spans, "execute_tool get_weather");
    assertThat(tools).hasSize(2);
    assertThat(tools).allSatisfy(t -> assertThat(t).hasParent(chain).hasEnded());
    assertThat(tools.stream().map(t -> t.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.city"))))
        .containsExactlyInAnyOrder("Paris", "Berlin");
    assertThat(named(spans, "chat gpt-4o-mini")).hasSize(2).allSatisfy(c -> assertThat(c).hasParent(chain));
  }

  @Test
  void fiftyConcurrentCallsGiveFiftySeparateCorrectTrees() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String conversation = "conv-" + i;
      answers.add(
          threads.submit(
              () -> {
                start.await();
                return fixture.traced.chat(conversation, QUESTION);
              }));
    }
    start.countDown();
    for (Future<String> f : answers) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(ANSWER);
    }
    threads.shutdown();

    Map<String, List<SpanData>> byTrace =
        otel.getSpans().stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    assertThat(byTrace).hasSize(50);
    java.util.Set<String> conversations = new java.util.HashSet<>();
    for (List<SpanData> trace : byTrace.values()) {
      assertThat(tree(trace)).containsExactlyElementsOf(EXPECTED_TREE);
      String conversation =
          one(trace, "invoke_agent Assistant.chat").getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id"));
      for (SpanData chat : named(trace, "chat gpt-4o-mini")) {
        assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id"))).isEqualTo(conversation);
      }
      conversations.add(conversation);
    }
    assertThat(conversations).hasSize(50);
    assertThat(fixture.tools.calls.get()).isEqualTo(50);
  }
}
