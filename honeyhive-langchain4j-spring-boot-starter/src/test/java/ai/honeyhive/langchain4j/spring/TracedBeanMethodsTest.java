package ai.honeyhive.langchain4j.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.EventType;
import ai.honeyhive.langchain4j.HoneyHiveTrace;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.spring.testapp.TestApplication;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code @HoneyHiveTrace} on the methods of an ordinary Spring bean (a class), in the same real
 * application as {@link SpringBootTracingTest}: each call from outside the bean is one span with
 * the parameters as inputs, the result as output, the exception as the error; asynchronous and
 * reactive results end the span at completion; and Spring's own HTTP server span carries the
 * session.
 */
@SpringBootTest(
    classes = {TestApplication.class, TracedBeanMethodsTest.Beans.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "langchain4j.open-ai.chat-model.api-key=sk-test-not-a-real-key",
      "langchain4j.open-ai.chat-model.model-name=gpt-4o-mini",
      "langchain4j.open-ai.chat-model.max-retries=0",
      "management.tracing.sampling.probability=1.0",
      "honeyhive.api-key=hh-test-key",
      "honeyhive.project=spring-test"
    })
class TracedBeanMethodsTest {

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void urls(DynamicPropertyRegistry registry) {
    registry.add("langchain4j.open-ai.chat-model.base-url", () -> openAi.baseUrl() + "/v1");
    registry.add("honeyhive.server-url", honeyHive::baseUrl);
  }

  @Autowired TestRestTemplate http;
  @Autowired HoneyHiveTracer tracer;
  @Autowired SdkTracerProvider springTracerProvider;
  @Autowired Answers answers;
  @Autowired NamedAssistant namedAssistant;

  @BeforeEach
  void stubs() {
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(json("openai-chat-completion-tool-call.json")));
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
            .willReturn(json("openai-chat-completion-after-tool.json")));
    honeyHive.stubFor(post(urlEqualTo("/opentelemetry/v1/traces")).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(
        post(urlEqualTo("/session/start"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"session_id\":\"x\"}")));
    honeyHive.resetRequests();
  }

  /** The session attributes every span of the application carries; one place to update. */
  private Map<String, Object> session() {
    Map<String, Object> s = new TreeMap<>();
    s.put("honeyhive.session_id", tracer.sessionId());
    s.put("traceloop.association.properties.session_id", tracer.sessionId());
    s.put("honeyhive.project", "spring-test");
    s.put("traceloop.association.properties.project", "spring-test");
    s.put("honeyhive.source", "dev");
    s.put("traceloop.association.properties.source", "dev");
    s.put("honeyhive.session_name", "spring-test");
    s.put("honeyhive.session_auto_create", true);
    return s;
  }

  /** {@link #session()} plus {@code more}. */
  private Map<String, Object> sessionAnd(Object... more) {
    Map<String, Object> s = session();
    for (int i = 0; i < more.length; i += 2) {
      s.put((String) more[i], more[i + 1]);
    }
    return s;
  }

  @Test
  void aBeanClassMethodCalledFromAControllerIsASpanUnderTheHttpSpanAboveTheModelCalls() throws Exception {
    assertThat(AopUtils.isCglibProxy(answers)).isTrue();
    HttpHeaders headers = new HttpHeaders();
    headers.add("X-User-Id", "u-7");
    String answer = http.postForObject("/answer", new HttpEntity<>("What is the weather in Paris?", headers), String.class);
    assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");

    List<Span> all = spansUntil(spans -> spans.stream().anyMatch(s -> s.getName().equals("http post /answer")));
    Span httpSpan = only(all, "http post /answer");
    List<Span> trace = all.stream().filter(s -> s.getTraceId().equals(httpSpan.getTraceId())).toList();
    Span traced = only(trace, "Answers.answer");
    Span service = only(trace, "invoke_agent Assistant.chat");
    assertThat(httpSpan.getParentSpanId().isEmpty()).isTrue();
    assertThat(traced.getParentSpanId()).isEqualTo(httpSpan.getSpanId());
    assertThat(service.getParentSpanId()).isEqualTo(traced.getSpanId());
    assertThat(trace.stream().filter(s -> s.getName().equals("chat gpt-4o-mini")))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.getParentSpanId()).isEqualTo(service.getSpanId()));

    assertThat(withoutDuration(traced))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.answer",
                "honeyhive_inputs.question", "What is the weather in Paris?",
                "honeyhive_inputs.attempt", 1L,
                "honeyhive_outputs.result", "It is 18°C and sunny in Paris.",
                // the application's HoneyHiveRequestEnricher
                "honeyhive_user_properties.user_id", "u-7",
                "honeyhive_metadata.feature", "/answer"));
    assertThat(durationMs(traced)).isGreaterThanOrEqualTo(0.0);
    assertThat(traced.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(traced.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

    // Spring's HTTP server span carries the session too, exactly the session's attributes.
    assertThat(honeyHiveAttributes(httpSpan)).isEqualTo(session());
    System.out.println("HTTP server span attributes: " + attributes(httpSpan));
    System.out.println("Traced method span attributes: " + attributes(traced));
  }

  @Test
  void aCheckedExceptionReachesTheCallerAsTheSameInstanceAndIsTheSpansError() throws Exception {
    assertThatThrownBy(() -> answers.lookup("o-1")).isSameAs(answers.lastThrown());

    Span span = only(spansUntil(named("lookup-order")), "lookup-order");
    assertThat(span.getParentSpanId().isEmpty()).isTrue();
    assertThat(withoutDuration(span))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "tool",
                "honeyhive_event_name", "lookup-order",
                "honeyhive_inputs.orderId", "o-1",
                "honeyhive_error", "no order o-1",
                "honeyhive_error_type", "OrderNotFound",
                "error.type", OrderNotFound.class.getName()));
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.getStatus().getMessage()).isEqualTo("no order o-1");
    assertThat(span.getEventsList()).singleElement().satisfies(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  @Test
  void aCompletableFutureEndsTheSpanWhenItCompletes() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    answers.next(pending);
    CompletableFuture<String> returned = answers.later("q-1");
    assertThat(returned).isSameAs(pending);

    // Every ended span is exported by now; the method's is not among them.
    springTracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(names(exported())).doesNotContain("Answers.later");

    pending.complete("done");
    Span span = only(spansUntil(named("Answers.later")), "Answers.later");
    assertThat(withoutDuration(span))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.later",
                "honeyhive_inputs.id", "q-1",
                "honeyhive_outputs.result", "done"));
  }

  @Test
  void aMonoEndsTheSpanWhenItEmitsAndItsWorkNestsBeneathIt() throws Exception {
    Mono<String> mono = answers.ask("What is the weather in Paris?");

    springTracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(names(exported())).doesNotContain("Answers.ask", "invoke_agent Assistant.chat");

    assertThat(mono.block()).isEqualTo("It is 18°C and sunny in Paris.");
    List<Span> spans = spansUntil(named("Answers.ask"));
    Span span = only(spans, "Answers.ask");
    // The AI service runs when the Mono is subscribed, after the method returned: still beneath it.
    assertThat(only(spans, "invoke_agent Assistant.chat").getParentSpanId()).isEqualTo(span.getSpanId());
    assertThat(withoutDuration(span))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.ask",
                "honeyhive_inputs.question", "What is the weather in Paris?",
                "honeyhive_outputs.result", "It is 18°C and sunny in Paris."));
  }

  @Test
  void aFluxEndsTheSpanWhenItCompletesWithItsElementsAsTheOutput() throws Exception {
    Flux<String> flux = answers.words(3);
    springTracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(names(exported())).doesNotContain("Answers.words");

    assertThat(flux.collectList().block()).containsExactly("w1", "w2", "w3");
    Span span = only(spansUntil(named("Answers.words")), "Answers.words");
    assertThat(withoutDuration(span))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.words",
                "honeyhive_inputs.count", 3L,
                "honeyhive_outputs.result.0", "w1",
                "honeyhive_outputs.result.1", "w2",
                "honeyhive_outputs.result.2", "w3"));
  }

  @Test
  void aFluxCutShortEndsTheSpanAsCancelledAndAFailedFluxAsFailed() throws Exception {
    assertThat(answers.words(5).take(2).collectList().block()).containsExactly("w1", "w2");
    Span cancelled = only(spansUntil(named("Answers.words")), "Answers.words");
    assertThat(withoutDuration(cancelled))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.words",
                "honeyhive_inputs.count", 5L,
                "honeyhive_metadata.cancelled", true));
    assertThat(cancelled.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

    honeyHive.resetRequests();
    Flux<String> failing = answers.failing("stream broke");
    assertThatThrownBy(failing::blockLast).isSameAs(answers.lastThrown());
    Span failed = only(spansUntil(named("Answers.failing")), "Answers.failing");
    assertThat(withoutDuration(failed))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.failing",
                "honeyhive_inputs.message", "stream broke",
                "honeyhive_error", "stream broke",
                "honeyhive_error_type", "IllegalStateException",
                "error.type", "java.lang.IllegalStateException"));
    assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
  }

  @Test
  void aConnectableFluxIsReturnedAsItIsAndTheSpanEndsAtReturn() throws Exception {
    reactor.core.publisher.ConnectableFlux<String> replay = answers.replayable("r");
    assertThat(replay.autoConnect().blockLast()).isEqualTo("r");
    Span span = only(spansUntil(named("Answers.replayable")), "Answers.replayable");
    assertThat(withoutDuration(span))
        .isEqualTo(
            sessionAnd(
                "honeyhive_event_type", "chain",
                "honeyhive_event_name", "Answers.replayable",
                "honeyhive_inputs.value", "r"));
  }

  @Test
  void aCallTheBeanMakesOnItselfIsNotTraced() throws Exception {
    // Spring's proxy sees only calls from outside the bean, as for @Transactional.
    assertThat(answers.viaSelf("from inside")).isEqualTo("FROM INSIDE");
    assertThat(answers.shout("from outside")).isEqualTo("FROM OUTSIDE");

    List<Span> spans = spansUntil(named("Answers.shout"));
    assertThat(spans.stream().filter(s -> s.getName().equals("Answers.shout")))
        .singleElement()
        .satisfies(s -> assertThat(attributes(s)).containsEntry("honeyhive_inputs.text", "from outside"));
    assertThat(names(spans)).doesNotContain("Answers.viaSelf");
  }

  @Test
  void anAiServiceWhoseInterfaceCarriesTheAnnotationIsStillOneSpanPerCall() throws Exception {
    assertThat(namedAssistant.chat("What is the weather in Paris?")).isEqualTo("It is 18°C and sunny in Paris.");
    List<Span> spans =
        spansUntil(s -> s.stream().filter(x -> x.getName().equals("chat gpt-4o-mini")).count() >= 2 && named("weather-desk").test(s));
    Span service = only(spans, "weather-desk");
    assertThat(attributes(service)).containsEntry("honeyhive_event_type", "chain");
    assertThat(spans.stream().filter(s -> s.getName().equals("chat gpt-4o-mini")))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.getParentSpanId()).isEqualTo(service.getSpanId()));
    assertThat(names(spans).stream().filter(n -> !n.startsWith("http ")))
        .containsExactlyInAnyOrder("weather-desk", "chat gpt-4o-mini", "execute_tool get_weather", "chat gpt-4o-mini");
  }

  /** A checked exception of the application's. */
  static final class OrderNotFound extends Exception {
    private static final long serialVersionUID = 1L;

    OrderNotFound(String message) {
      super(message);
    }
  }

  /** An AI service whose interface names its span, built in a {@code @Bean} method. */
  public interface NamedAssistant {
    /**
     * Answers a question.
     *
     * @param question the question
     * @return the answer
     */
    @HoneyHiveTrace(name = "weather-desk")
    String chat(String question);
  }

  /** An ordinary service class of the application's, with traced methods. */
  public static class Answers {
    private final TestApplication.Assistant assistant;
    // Fields of a proxied bean are read through its methods: the proxy's own fields stay empty.
    private volatile Exception lastThrown;
    private volatile CompletableFuture<String> next;

    Answers(TestApplication.Assistant assistant) {
      this.assistant = assistant;
    }

    public Exception lastThrown() {
      return lastThrown;
    }

    public void next(CompletableFuture<String> future) {
      next = future;
    }

    @HoneyHiveTrace
    public String answer(String question, int attempt) {
      return assistant.chat(question);
    }

    @HoneyHiveTrace(name = "lookup-order", eventType = EventType.TOOL)
    public String lookup(String orderId) throws OrderNotFound {
      OrderNotFound e = new OrderNotFound("no order " + orderId);
      lastThrown = e;
      throw e;
    }

    @HoneyHiveTrace
    public CompletableFuture<String> later(String id) {
      return next;
    }

    @HoneyHiveTrace
    public Mono<String> ask(String question) {
      return Mono.fromCallable(() -> assistant.chat(question));
    }

    @HoneyHiveTrace
    public Flux<String> words(int count) {
      return Flux.range(1, count).map(i -> "w" + i);
    }

    @HoneyHiveTrace
    public Flux<String> failing(String message) {
      IllegalStateException error = new IllegalStateException(message);
      lastThrown = error;
      return Flux.concat(Flux.just("w1"), Flux.error(error));
    }

    @HoneyHiveTrace
    public reactor.core.publisher.ConnectableFlux<String> replayable(String value) {
      return Flux.just(value).replay();
    }

    @HoneyHiveTrace
    public String shout(String text) {
      return text.toUpperCase(java.util.Locale.ROOT);
    }

    /** Not traced itself; its call of {@link #shout} does not go through the proxy. */
    public String viaSelf(String text) {
      return shout(text);
    }
  }

  /** The web layer calling the service. */
  @RestController
  public static class AnswerController {
    private final Answers answers;

    AnswerController(Answers answers) {
      this.answers = answers;
    }

    @PostMapping("/answer")
    String answer(@RequestBody String question) {
      return answers.answer(question, 1);
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  @Import(AnswerController.class)
  static class Beans {
    @Bean
    Answers answers(TestApplication.Assistant assistant) {
      return new Answers(assistant);
    }

    @Bean
    NamedAssistant namedAssistant(ChatModel model, TestApplication.WeatherTools tools) {
      return AiServices.builder(NamedAssistant.class).chatModel(model).tools(tools).build();
    }
  }

  private static Predicate<List<Span>> named(String name) {
    return spans -> spans.stream().anyMatch(s -> s.getName().equals(name));
  }

  private List<Span> spansUntil(Predicate<List<Span>> done) throws InterruptedException {
    List<Span> spans = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      springTracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
      spans = exported();
      if (done.test(spans)) {
        return spans;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("HoneyHive stand-in received only " + names(spans));
  }

  private static List<Span> exported() {
    List<Span> spans = new ArrayList<>();
    for (LoggedRequest r : honeyHive.findAll(postRequestedFor(urlEqualTo("/opentelemetry/v1/traces")))) {
      try {
        ExportTraceServiceRequest.parseFrom(r.getBody())
            .getResourceSpansList()
            .forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return spans;
  }

  private static Span only(List<Span> spans, String name) {
    List<Span> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("%s in %s", name, names(spans)).hasSize(1);
    return named.get(0);
  }

  private static List<String> names(List<Span> spans) {
    return spans.stream().map(Span::getName).toList();
  }

  private static Map<String, Object> attributes(Span span) {
    Map<String, Object> out = new TreeMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      out.put(kv.getKey(), value(kv.getValue()));
    }
    return out;
  }

  private static Map<String, Object> withoutDuration(Span span) {
    Map<String, Object> out = attributes(span);
    out.remove("honeyhive_duration_ms");
    return out;
  }

  private static double durationMs(Span span) {
    return (Double) attributes(span).get("honeyhive_duration_ms");
  }

  /** The HoneyHive and Traceloop keys of a span that is not ours. */
  private static Map<String, Object> honeyHiveAttributes(Span span) {
    return attributes(span).entrySet().stream()
        .filter(e -> e.getKey().startsWith("honeyhive") || e.getKey().startsWith("traceloop"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  private static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      default:
        return v.toString().trim();
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String file) {
    return aResponse().withHeader("Content-Type", "application/json").withBodyFile(file);
  }

}
