package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.internal.aiservices.TracingInvocationHandler;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The decorator's proxy contract, with plain Java delegates. */
class DecoratorTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  static final Exception FAILURE = new Exception("checked failure");

  static class Plain implements Service {
    final CompletableFuture<String> future = new CompletableFuture<>();
    StreamingChatResponseHandler handler;

    @Override
    public String greet(String name) {
      return "hello " + name;
    }

    @Override
    public void fireAndForget(String what) {}

    @Override
    public CompletableFuture<String> later(String what) {
      return future;
    }

    @Override
    public String fail(String why) throws Exception {
      throw FAILURE;
    }

    @Override
    public void stream(String prompt, StreamingChatResponseHandler handler) {
      this.handler = handler;
    }

    @Override
    public Map<String, Object> lookup(int id) {
      return Map.of("id", id, "tier", "gold");
    }

    @Override
    public String convert(String amount) {
      return amount + " EUR";
    }

    @Override
    public String complete(String prompt) {
      return "completed " + prompt;
    }

    @Override
    public String answer(String question) {
      return "42";
    }
  }

  private HoneyHiveTracer tracer;
  private Plain plain;
  private Service traced;

  @BeforeEach
  void setUp() {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("decorator")
            .sessionId("s")
            .environment(name -> null)
            .build();
    plain = new Plain();
    traced = tracer.decorate(Service.class, plain);
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  private static SpanData only() {
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void equalsHashCodeAndToStringBelongToTheProxy() {
    Service other = tracer.decorate(Service.class, plain);

    assertThat(traced.equals(traced)).isTrue();
    assertThat(traced.equals(other)).isFalse();
    assertThat(traced.equals(plain)).isFalse();
    assertThat(traced.hashCode()).isEqualTo(System.identityHashCode(traced));
    assertThat(traced.toString()).startsWith("HoneyHive-traced " + Service.class.getName() + "@");
    assertThat(otel.getSpans()).isEmpty();
  }

  @Test
  void aPlainCallIsAChainSpanWithInputsAndOutput() {
    assertThat(traced.greet("Ada")).isEqualTo("hello Ada");

    assertThat(only())
        .hasName("invoke_agent Service.greet")
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "chain"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "invoke_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "Service"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.name"), "Ada"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "hello Ada")));
  }

  private List<AttributeAssertion> session(AttributeAssertion... more) {
    List<AttributeAssertion> all =
        SessionAssertions.session(tracer.sessionId(), "decorator", "dev", "decorator");
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void theAnnotationNamesTheSpanAndItsEventTypeAndObjectResultsAreFlattened() {
    traced.lookup(42);

    assertThat(only())
        .hasName("lookup-customer")
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "tool"),
                equalTo(AttributeKey.stringKey("honeyhive_event_name"), "lookup-customer"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "execute_tool"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.name"), "lookup-customer"),
                equalTo(AttributeKey.longKey("honeyhive_inputs.id"), 42L),
                equalTo(AttributeKey.longKey("honeyhive_outputs.result.id"), 42L),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result.tier"), "gold")));
  }

  @Test
  void aToolMethodWithoutANameIsAToolCallNamedAfterTheMethodNotAnAgent() {
    traced.convert("12");

    assertThat(only())
        .hasName("execute_tool Service.convert")
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "tool"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "execute_tool"),
                equalTo(AttributeKey.stringKey("gen_ai.tool.name"), "Service.convert"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.amount"), "12"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "12 EUR")));
  }

  @Test
  void aModelMethodIsNeitherAnAgentNorAToolAndIsNamedAfterTheMethod() {
    traced.complete("hi");

    assertThat(only())
        .hasName("Service.complete")
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "model"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.prompt"), "hi"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "completed hi")));
  }

  @Test
  void aNamedChainMethodCarriesTheNameAsItsEventName() {
    traced.answer("why?");

    assertThat(only())
        .hasName("answer-billing-question")
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "chain"),
                equalTo(AttributeKey.stringKey("honeyhive_event_name"), "answer-billing-question"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "invoke_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "Service"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.question"), "why?"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "42")));
  }

  @Test
  void theUsersExceptionPassesThroughAsTheSameInstanceAndMarksTheSpan() {
    assertThatThrownBy(() -> traced.fail("because")).isSameAs(FAILURE);

    assertThat(only())
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("checked failure"))
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(AttributeKey.stringKey("honeyhive_event_type"), "chain"),
                equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "invoke_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "Service"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.why"), "because"),
                equalTo(AttributeKey.stringKey("error.type"), "java.lang.Exception"),
                equalTo(AttributeKey.stringKey("honeyhive_error"), "checked failure"),
                equalTo(AttributeKey.stringKey("honeyhive_error_type"), "Exception")));
  }

  @Test
  void defaultMethodsAreTracedAndTheirInnerCallsNestBeneath() {
    assertThat(traced.greetTwice("Bo")).isEqualTo("hello Bo hello Bo");

    List<SpanData> spans = otel.getSpans();
    assertThat(AiServiceTracingTest.tree(spans))
        .containsExactly(
            "invoke_agent Service.greetTwice <- (root)",
            "invoke_agent Service.greet <- invoke_agent Service.greetTwice",
            "invoke_agent Service.greet <- invoke_agent Service.greetTwice");
  }

  @Test
  void aDefaultMethodOfAPackagePrivateInterfaceElsewhereIsTracedWithItsInnerCallsBeneath() {
    @SuppressWarnings("unchecked")
    Class<Object> hidden = (Class<Object>) ai.honeyhive.langchain4j.otherpkg.HiddenService.type();
    Object delegate = ai.honeyhive.langchain4j.otherpkg.HiddenService.create();
    Object decorated = tracer.decorate(hidden, delegate);

    try (LogCapture logs = LogCapture.start()) {
      String first = ai.honeyhive.langchain4j.otherpkg.HiddenService.callVisit(decorated);
      String second = ai.honeyhive.langchain4j.otherpkg.HiddenService.callVisit(decorated);
      assertThat(first).isEqualTo("hi ana / bye ana").isEqualTo(second);
      assertThat(logs.atLeast(java.util.logging.Level.INFO))
          .filteredOn(r -> r.getMessage().contains("is a default method"))
          .isEmpty();
    }
    otel.assertTraces()
        .hasTracesSatisfyingExactly(
            trace -> visitTrace(trace),
            trace -> visitTrace(trace));
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  private static void visitTrace(io.opentelemetry.sdk.testing.assertj.TraceAssert trace) {
    trace.hasSpansSatisfyingExactly(
        span -> span.hasName("invoke_agent Hidden.visit").hasNoParent(),
        span -> span.hasName("invoke_agent Hidden.greet").hasParent(trace.getSpan(0)),
        span -> span.hasName("invoke_agent Hidden.farewell").hasParent(trace.getSpan(0)));
  }

  @Test
  void aFutureSpanEndsWhenTheFutureCompletesAndTheSameFutureIsReturned() throws Exception {
    CompletableFuture<String> returned = traced.later("job");

    assertThat(returned).isSameAs(plain.future);
    assertThat(otel.getSpans()).isEmpty();
    plain.future.complete("done");

    assertThat(returned.get(1, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(only())
        .hasName("invoke_agent Service.later")
        .hasAttributesSatisfying(equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "done"));
  }

  @Test
  void aFailedFutureMarksTheSpan() {
    CompletableFuture<String> returned = traced.later("job");
    plain.future.completeExceptionally(new IllegalStateException("async failure"));

    assertThat(returned).isCompletedExceptionally();
    assertThat(only())
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("async failure"));
  }

  @Test
  void voidMethodsEndAtReturn() {
    traced.fireAndForget("x");

    assertThat(only()).hasName("invoke_agent Service.fireAndForget").hasEnded();
  }

  @Test
  void aStreamingHandlerArgumentEndsTheSpanOnCompletionAndEveryCallbackReachesTheUser() {
    StringBuilder seen = new StringBuilder();
    StreamingChatResponseHandler user =
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            seen.append("partial:").append(partial).append(';');
          }

          @Override
          public void onPartialThinking(PartialThinking thinking) {
            seen.append("thinking:").append(thinking.text()).append(';');
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            seen.append("complete;");
          }

          @Override
          public void onError(Throwable error) {
            seen.append("error;");
          }
        };

    traced.stream("hi", user);
    assertThat(otel.getSpans()).isEmpty();
    plain.handler.onPartialThinking(new PartialThinking("hmm"));
    plain.handler.onPartialResponse("Hel");
    plain.handler.onCompleteResponse(
        ChatResponse.builder().aiMessage(dev.langchain4j.data.message.AiMessage.from("Hello")).build());

    assertThat(seen.toString()).isEqualTo("thinking:hmm;partial:Hel;complete;");
    assertThat(only())
        .hasName("invoke_agent Service.stream")
        .hasAttributesSatisfying(equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "Hello"));
  }

  @Test
  void perMethodDataIsComputedOnce() {
    traced.greet("a");
    traced.greet("b");
    traced.greet("c");
    traced.lookup(1);

    TracingInvocationHandler handler = (TracingInvocationHandler) Proxy.getInvocationHandler(traced);
    assertThat(handler.cachedMethodCount()).isEqualTo(2);
  }

  @Test
  void wrappingNullsOrANonInterfaceFailsAtWrapTimeWithAClearMessage() {
    assertThatThrownBy(() -> tracer.decorate(null, plain))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("decorate(type, delegate): type must not be null");
    assertThatThrownBy(() -> tracer.decorate(Service.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("decorate(type, delegate): delegate must not be null");
    assertThatThrownBy(() -> tracer.decorate(Plain.class, plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an interface");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> raw = (Class) Runnable.class;
    assertThatThrownBy(() -> tracer.decorate(raw, (Object) plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not implement java.lang.Runnable");
  }

  @Test
  void contentCaptureOffLeavesArgumentsAndResultsOut() {
    HoneyHiveTracer quiet =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .captureContent(false)
            .environment(name -> null)
            .build();
    quiet.decorate(Service.class, plain).greet("Ada");

    SpanData span = only();
    assertThat(span.getAttributes().asMap().keySet())
        .noneMatch(k -> k.getKey().startsWith("honeyhive_inputs.") || k.getKey().startsWith("honeyhive_outputs."));
  }

  @Test
  void theStreamingModelDecoratorRecordsTimeToFirstChunkAndCarriesTheCallersContext() throws Exception {
    StreamingChatModel model =
        tracer.decorate(TestModels.streaming(openAi.baseUrl(), tracer.chatModelListener()));
    EnrichmentContext ctx = EnrichmentContext.builder().userProperty("user_id", "u-1").build();
    CompletableFuture<String> seenInCallback = new CompletableFuture<>();

    try (io.opentelemetry.context.Scope ignored = ctx.makeCurrent()) {
      model.chat(
          ChatRequest.builder().messages(UserMessage.from("Hello")).build(),
          new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
              seenInCallback.complete(EnrichmentContext.current().toString());
            }

            @Override
            public void onError(Throwable error) {
              seenInCallback.completeExceptionally(error);
            }
          });
    }

    assertThat(seenInCallback.get(10, TimeUnit.SECONDS))
        .isEqualTo("EnrichmentContext{honeyhive_user_properties.user_id=u-1}");
    assertThat(Context.current()).isSameAs(Context.root());
    SpanData span = only();
    double seconds = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9;
    assertThat(span)
        .hasName("chat gpt-4o-mini")
        .hasAttributesSatisfying(
            equalTo(AttributeKey.booleanKey("gen_ai.request.stream"), true),
            satisfies(
                AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"),
                ttfc -> ttfc.isGreaterThan(0.0).isLessThanOrEqualTo(seconds)));
    // HoneyHive's own field, in milliseconds: the same measurement.
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("honeyhive_metadata.time_to_first_token_ms")))
        .isEqualTo(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")) * 1000.0);
  }
}
