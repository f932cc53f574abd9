package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.model.chat.ChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HoneyHiveTracer#trace(String)}: any Java function as a HoneyHive event. */
class TracedCallTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  private HoneyHiveTracer tracer;

  @BeforeEach
  void setUp() {
    tracer = tracer(true);
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  private static HoneyHiveTracer tracer(boolean captureContent) {
    return HoneyHiveTracer.builder()
        .openTelemetry(otel.getOpenTelemetry())
        .project("traced")
        .sessionId("s")
        .captureContent(captureContent)
        .environment(name -> null)
        .build();
  }

  /** The span's attributes by name, session attributes included. */
  private static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> out = new TreeMap<>();
    span.getAttributes().forEach((k, v) -> out.put(k.getKey(), v));
    return out;
  }

  /** The session attributes every span of {@code tracer} carries, plus {@code own}. */
  private static Map<String, Object> sessionPlus(HoneyHiveTracer tracer, Map<String, Object> own) {
    Map<String, Object> out = new TreeMap<>();
    TracerProbe.instrumentation(tracer).session.defaults().forEach((k, v) -> out.put(k.getKey(), v));
    out.putAll(own);
    return out;
  }

  private static SpanData only() {
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static double durationMs(SpanData span) {
    Double d = span.getAttributes().get(AttributeKey.doubleKey("honeyhive_duration_ms"));
    assertThat(d).isNotNull();
    return d;
  }

  @Test
  void aCallIsOneSpanWithExactlyItsInputsOutputEventTypeNameAndDuration() {
    String result =
        tracer.trace("score-answer")
            .eventType(EventType.TOOL)
            .input("answer", "Paris")
            .input("attempt", 2)
            .call(() -> "correct");

    assertThat(result).isEqualTo("correct");
    SpanData span = only();
    assertThat(span).hasName("score-answer").hasParentSpanId("0000000000000000").hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset());
    Map<String, Object> expected = new HashMap<>();
    expected.put("honeyhive_event_type", "tool");
    expected.put("honeyhive_event_name", "score-answer");
    expected.put("honeyhive_inputs.answer", "Paris");
    expected.put("honeyhive_inputs.attempt", 2L);
    expected.put("honeyhive_outputs.result", "correct");
    expected.put("honeyhive_duration_ms", durationMs(span));
    assertThat(attributes(span)).isEqualTo(sessionPlus(tracer, expected));
    assertThat(durationMs(span)).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void theDefaultEventTypeIsChain() {
    tracer.trace("step").call(() -> 1);

    assertThat(only().getAttributes().get(AttributeKey.stringKey("honeyhive_event_type"))).isEqualTo("chain");
    assertThat(only().getAttributes().get(AttributeKey.longKey("honeyhive_outputs.result"))).isEqualTo(1L);
  }

  static final class LookupFailed extends Exception {
    LookupFailed(String message) {
      super(message);
    }
  }

  @Test
  void aCheckedExceptionReachesTheCallerAsTheSameInstanceAndMarksTheSpan() {
    LookupFailed failure = new LookupFailed("no customer 42");

    assertThatThrownBy(
            () ->
                tracer.trace("lookup-customer")
                    .eventType(EventType.TOOL)
                    .input("id", 42)
                    .call(
                        () -> {
                          throw failure;
                        }))
        .isSameAs(failure);

    SpanData span = only();
    assertThat(span).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, "no customer 42"));
    assertThat(span.getEvents()).hasSize(1);
    assertThat(span.getEvents().get(0).getName()).isEqualTo("exception");
    Map<String, Object> attributes = attributes(span);
    assertThat(attributes)
        .containsEntry("honeyhive_event_type", "tool")
        .containsEntry("honeyhive_event_name", "lookup-customer")
        .containsEntry("honeyhive_inputs.id", 42L)
        .containsEntry("honeyhive_error", "no customer 42")
        .containsEntry("honeyhive_error_type", "LookupFailed")
        .containsEntry("error.type", LookupFailed.class.getName())
        .doesNotContainKey("honeyhive_outputs.result")
        .containsKey("honeyhive_duration_ms");
  }

  @Test
  void theCompilerSeesTheFunctionsOwnCheckedExceptionOnly() throws IOException {
    // A function that throws IOException makes call() throw IOException, not Exception or Throwable.
    String read = tracer.trace("read").call(() -> readConfig(false));
    assertThat(read).isEqualTo("config");
    assertThatThrownBy(() -> tracer.trace("read").call(() -> readConfig(true))).isInstanceOf(IOException.class);
  }

  private static String readConfig(boolean fail) throws IOException {
    if (fail) {
      throw new IOException("disk");
    }
    return "config";
  }

  @Test
  void anErrorIsRethrownUnchangedToo() {
    StackOverflowError error = new StackOverflowError("deep");

    assertThatThrownBy(
            () ->
                tracer.trace("recurse")
                    .run(
                        () -> {
                          throw error;
                        }))
        .isSameAs(error);
    assertThat(only().getAttributes().get(AttributeKey.stringKey("honeyhive_error"))).isEqualTo("deep");
  }

  @Test
  void modelCallsInsideNestUnderTheFunctionAndEnrichSpanReachesIt() {
    ChatModel model = TestModels.blocking(openAi.baseUrl(), tracer.chatModelListener());

    String answer =
        tracer.trace("answer-question")
            .input("question", "Hello?")
            .call(
                () -> {
                  String text = model.chat("Hello?");
                  tracer.enrichSpan(EnrichmentContext.builder().metadata("user_id", "u-7").metric("words", 2).build());
                  return text.toUpperCase(java.util.Locale.ROOT);
                });

    List<SpanData> spans = otel.getSpans();
    assertThat(AiServiceTracingTest.tree(spans))
        .containsExactly("answer-question <- (root)", "chat " + TestModels.MODEL + " <- answer-question");
    SpanData function = spans.stream().filter(s -> s.getName().equals("answer-question")).findFirst().orElseThrow();
    assertThat(attributes(function))
        .containsEntry("honeyhive_metadata.user_id", "u-7")
        .containsEntry("honeyhive_metrics.words", 2L)
        .containsEntry("honeyhive_outputs.result", answer);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void tracedCallsNestInEachOther() {
    tracer.trace("outer").run(() -> tracer.trace("inner").eventType(EventType.TOOL).call(() -> "x"));

    assertThat(AiServiceTracingTest.tree(otel.getSpans())).containsExactly("outer <- (root)", "inner <- outer");
  }

  @Test
  void aRunHasNoOutput() {
    List<String> sink = new ArrayList<>();
    tracer.trace("store").input("item", "a").run(() -> sink.add("a"));

    assertThat(sink).containsExactly("a");
    assertThat(attributes(only())).containsEntry("honeyhive_inputs.item", "a").doesNotContainKey("honeyhive_outputs.result");
  }

  @Test
  void aFutureEndsTheSpanWhenItCompletesAndIsReturnedAsIs() throws Exception {
    CompletableFuture<Map<String, Object>> pending = new CompletableFuture<>();

    CompletableFuture<Map<String, Object>> returned = tracer.trace("fetch-profile").call(() -> pending);

    assertThat(returned).isSameAs(pending);
    assertThat(otel.getSpans()).isEmpty();
    pending.complete(Map.of("plan", "gold", "seats", 3));
    assertThat(returned.get(1, TimeUnit.SECONDS)).containsEntry("plan", "gold");
    assertThat(attributes(only()))
        .containsEntry("honeyhive_outputs.result.plan", "gold")
        .containsEntry("honeyhive_outputs.result.seats", 3L);
  }

  @Test
  void aFailedFutureMarksTheSpanWithItsCause() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    tracer.trace("fetch").call(() -> pending.thenApply(s -> s + "!"));

    pending.completeExceptionally(new IllegalStateException("backend down"));

    SpanData span = only();
    assertThat(span).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, "backend down"));
    assertThat(attributes(span))
        .containsEntry("honeyhive_error", "backend down")
        .containsEntry("honeyhive_error_type", "IllegalStateException")
        .containsEntry("error.type", "java.lang.IllegalStateException");
  }

  @Test
  void withoutContentCaptureNoInputsOrOutputsAreRecorded() {
    try (HoneyHiveTracer quiet = tracer(false)) {
      quiet.trace("private-step").input("ssn_hint", "1234").call(() -> "secret answer");

      Map<String, Object> expected = new HashMap<>();
      expected.put("honeyhive_event_type", "chain");
      expected.put("honeyhive_event_name", "private-step");
      expected.put("honeyhive_duration_ms", durationMs(only()));
      assertThat(attributes(only())).isEqualTo(sessionPlus(quiet, expected));
    }
  }

  @Test
  void secretInputsAreRedactedAndNestedValuesFlattened() {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("user", "ada");
    request.put("password", "hunter2");
    request.put("tags", List.of("a", "b"));

    tracer.trace("login")
        .input("apiKey", "sk-live-0123456789abcdef0123")
        .input("request", request)
        .input("note", "header was Authorization: Bearer abcdef0123456789")
        .call(() -> Map.of("token", "t-1", "ok", true));

    assertThat(attributes(only()))
        .containsEntry("honeyhive_inputs.apiKey", "[REDACTED]")
        .containsEntry("honeyhive_inputs.request.user", "ada")
        .containsEntry("honeyhive_inputs.request.password", "[REDACTED]")
        .containsEntry("honeyhive_inputs.request.tags.0", "a")
        .containsEntry("honeyhive_inputs.request.tags.1", "b")
        .containsEntry("honeyhive_inputs.note", "header was Authorization: [REDACTED]")
        .containsEntry("honeyhive_outputs.result.token", "[REDACTED]")
        .containsEntry("honeyhive_outputs.result.ok", true);
  }

  @Test
  void nullAndUnserializableInputsHaveDefinedResults() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("no toString");
          }
        };

    String result =
        tracer.trace("odd-inputs")
            .input("missing", null)
            .input("cyclic", cyclic)
            .input("nan", Double.NaN)
            .input("hostile", hostile)
            .call(() -> "fine");

    assertThat(result).isEqualTo("fine");
    Map<String, Object> attributes = attributes(only());
    assertThat(attributes).doesNotContainKey("honeyhive_inputs.missing").containsEntry("honeyhive_inputs.nan", "NaN");
    assertThat(attributes.keySet()).anyMatch(k -> k.startsWith("honeyhive_inputs.cyclic"));
    assertThat(attributes.keySet()).anyMatch(k -> k.startsWith("honeyhive_inputs.hostile"));
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void enrichmentGivenUpFrontIsOnTheSpanAndEnrichSpanInsideWins() {
    tracer.trace("configured")
        .enrichment(EnrichmentContext.builder().config("model", "gpt-4o-mini").metadata("stage", "draft").build())
        .run(() -> tracer.enrichSpan(Map.of("stage", "final")));

    assertThat(attributes(only()))
        .containsEntry("honeyhive_config.model", "gpt-4o-mini")
        .containsEntry("honeyhive_metadata.stage", "final");
  }

  @Test
  void theRequestsEnrichmentReachesTheSpanButNotItsInputs() {
    EnrichmentContext request =
        EnrichmentContext.builder().userProperty("user_id", "u-1").input("message", "from request").build();
    try (io.opentelemetry.context.Scope ignored = request.makeCurrent()) {
      tracer.trace("step").input("x", 1).call(() -> 2);
    }

    assertThat(attributes(only()))
        .containsEntry("honeyhive_user_properties.user_id", "u-1")
        .containsEntry("honeyhive_inputs.x", 1L)
        .doesNotContainKey("honeyhive_inputs.message");
  }

  @Test
  void manyThreadsShareOneTracedCallEachWithItsOwnRootSpan() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      assertEachCallIsItsOwnRootSpan(pool);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreadsShareOneTracedCallEachWithItsOwnRootSpan() throws Exception {
    // Compiled for Java 17: reach the Java 21 factory reflectively (test code only).
    ExecutorService threads =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      assertEachCallIsItsOwnRootSpan(threads);
    } finally {
      threads.shutdownNow();
    }
  }

  private void assertEachCallIsItsOwnRootSpan(ExecutorService pool) throws Exception {
    TracedCall call = tracer.trace("parallel").eventType(EventType.TOOL);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        results.add(pool.submit(() -> call.call(() -> n * 2)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
    } finally {
      pool.shutdown();
    }

    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(400);
    assertThat(spans).allSatisfy(s -> assertThat(s).hasName("parallel").hasParentSpanId("0000000000000000"));
    assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(400);
  }

  @Test
  void aClosedTracerStillRunsTheFunction() {
    tracer.close();

    assertThat(tracer.trace("late").call(() -> "ran")).isEqualTo("ran");
    assertThat(otel.getSpans()).isEmpty();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void misuseFailsAtTheCallSiteWithTheArgumentsName() {
    assertThatThrownBy(() -> tracer.trace(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> tracer.trace(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    TracedCall call = tracer.trace("x");
    assertThatThrownBy(() -> call.input(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> call.eventType(null)).isInstanceOf(NullPointerException.class).hasMessage("eventType");
    assertThatThrownBy(() -> call.call(null)).isInstanceOf(NullPointerException.class).hasMessage("function");
    assertThat(call.toString()).isEqualTo("TracedCall{name=x, eventType=CHAIN, inputs=[]}");
    assertThat(otel.getSpans()).isEmpty();
  }
}
