package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.EnrichmentTestSupport.enrichment;
import static ai.honeyhive.langchain4j.EnrichmentTestSupport.model;
import static ai.honeyhive.langchain4j.EnrichmentTestSupport.request;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ai.honeyhive.langchain4j.TestModels.Mode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Enrichment on the spans the tracer makes: secrets, limits, sessions, threads, services. */
class EnrichmentSpanTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  private HoneyHiveTracer tracer;

  @BeforeEach
  void setUp() {
    tracer = builder().build();
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  private static HoneyHiveTracerBuilder builder() {
    return HoneyHiveTracer.builder()
        .openTelemetry(otel.getOpenTelemetry())
        .project("enrich")
        .sessionId("3c9e1f20-7a4b-4d5e-9f60-1a2b3c4d5e6f")
        .environment(name -> null);
  }

  private static SpanData onlySpan() {
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void secretLookingKeysAreRedactedAtAnyDepthButTokenCountsAreNot() {
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata("password", "hunter2")
            .userProperty("api_key", "sk-live-123")
            .userProperty("apiKey", "sk-live-456")
            .metadata("db", Map.of("host", "db.internal", "password", "p@ss"))
            .config("Authorization", "Bearer abc")
            .metadata("session_token", 123456)
            .metric("total_tokens", 42)
            .metadata("author", "Ada")
            .build();

    try (Scope ignored = ctx.makeCurrent()) {
      model(tracer).chat(request("hi"));
    }

    assertThat(enrichment(onlySpan()))
        .containsExactly(
            entry("honeyhive_config.Authorization", "[REDACTED]"),
            entry("honeyhive_metadata.author", "Ada"),
            entry("honeyhive_metadata.db.host", "db.internal"),
            entry("honeyhive_metadata.db.password", "[REDACTED]"),
            entry("honeyhive_metadata.password", "[REDACTED]"),
            entry("honeyhive_metadata.session_token", "[REDACTED]"),
            entry("honeyhive_metrics.total_tokens", 42L),
            entry("honeyhive_user_properties.apiKey", "[REDACTED]"),
            entry("honeyhive_user_properties.api_key", "[REDACTED]"));
  }

  @Test
  void redactionCanBeTurnedOff() {
    tracer = builder().redactSecrets(false).build();
    EnrichmentContext.builder().metadata("password", "hunter2").build().run(() -> model(tracer).chat(request("hi")));

    assertThat(enrichment(onlySpan())).containsExactly(entry("honeyhive_metadata.password", "hunter2"));
  }

  @Test
  void longValuesAreTruncatedWithAMarkerButCapturedContentIsNot() {
    tracer = builder().maxEnrichmentValueLength(10).build();
    String longMessage = "m".repeat(50);
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata("note", "0123456789abcdef")
            .metadata("emoji", "123456789\uD83D\uDE00")
            .metadata("short", "ok")
            .build();

    try (Scope ignored = ctx.makeCurrent()) {
      model(tracer).chat(request(longMessage));
    }

    SpanData span = onlySpan();
    assertThat(enrichment(span))
        .containsExactly(
            entry("honeyhive_metadata.emoji", "123456789…[truncated 2 chars]"),
            entry("honeyhive_metadata.note", "0123456789…[truncated 6 chars]"),
            entry("honeyhive_metadata.short", "ok"));
    assertThat(attribute(span, "honeyhive_inputs.chat_history.0.content")).isEqualTo(longMessage);
  }

  @Test
  void theDefaultLimitIsOneKilobyte() {
    EnrichmentContext.builder().metadata("blob", "x".repeat(5000)).build().run(() -> model(tracer).chat(request("hi")));

    assertThat(attribute(onlySpan(), "honeyhive_metadata.blob"))
        .isEqualTo("x".repeat(1024) + "…[truncated 3976 chars]");
  }

  @Test
  void theRedactorCanRewriteOrDropAnyValueAndAFailingRedactorDropsTheValue() {
    tracer =
        builder()
            .redactor(
                (key, value) -> {
                  if (key.endsWith(".email")) {
                    return "***@" + String.valueOf(value).replaceAll(".*@", "");
                  }
                  if (key.endsWith(".ssn_hint")) {
                    return null;
                  }
                  if (key.endsWith(".bad")) {
                    throw new IllegalStateException("redactor bug");
                  }
                  return value;
                })
            .build();
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .userProperty("email", "ada@example.com")
            .userProperty("ssn_hint", "1234")
            .userProperty("bad", "leak?")
            .userProperty("plan", "pro")
            .metric("score", 0.5)
            .build();

    ctx.run(() -> model(tracer).chat(request("hi")));

    assertThat(enrichment(onlySpan()))
        .containsExactly(
            entry("honeyhive_metrics.score", 0.5),
            entry("honeyhive_user_properties.email", "***@example.com"),
            entry("honeyhive_user_properties.plan", "pro"));
    assertThat(TracerProbe.internalFailureCount(tracer)).isEqualTo(1);
  }

  @Test
  void enrichSpanAddsToTheCurrentSpanAndReportsWhenThereIsNone() {
    assertThat(tracer.enrichSpan(EnrichmentContext.builder().metadata("k", "v").build())).isFalse();

    Span span = otel.getOpenTelemetry().getTracer("app").spanBuilder("handle").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(tracer.enrichSpan(EnrichmentContext.builder().metric("score", 0.9).build())).isTrue();
      Map<String, Object> plain = new HashMap<>();
      plain.put("endpoint", "/chat");
      plain.put(null, "skipped");
      plain.put(" ", "skipped too");
      assertThat(tracer.enrichSpan(plain)).isTrue();
      assertThat(tracer.enrichSpan((EnrichmentContext) null)).isFalse();
    } finally {
      span.end();
    }

    assertThat(enrichment(onlySpan()))
        .containsExactly(entry("honeyhive_metadata.endpoint", "/chat"), entry("honeyhive_metrics.score", 0.9));
    assertThat(TracerProbe.internalFailureCount(tracer)).isEqualTo(3);
  }

  @Test
  void sessionEnrichmentGoesToTheSessionRecordNotOntoTheSessionsSpans() {
    tracer.enrichSession(
        EnrichmentContext.builder().metadata("tenant", "acme").metric("csat", 4.5).feedback("rating", 5).build());

    model(tracer).chat(request("in the tracer's session"));
    EnrichmentContext.builder()
        .metadata("app_version", "2.5.0-canary")
        .build()
        .run(() -> model(tracer).chat(request("request enrichment still applies")));

    List<SpanData> spans = otel.getSpans();
    // HoneyHive's SDK does not copy session values onto events: counted again on each, they are wrong.
    assertThat(enrichment(spans.get(0))).isEmpty();
    assertThat(enrichment(spans.get(1))).containsExactly(entry("honeyhive_metadata.app_version", "2.5.0-canary"));
  }

  @Test
  void aPerRequestSessionIdRidesInBaggageAndNamesTheSpansSessionAsAUuid() {
    // uuid.uuid5(uuid.NAMESPACE_URL, "honeyhive-session:sess_abc123"), computed with Python's uuid module.
    String mapped = "835a6f49-2f1e-594d-900a-0fcc8febe7cf";
    EnrichmentContext ctx = EnrichmentContext.builder().sessionId("sess_abc123").build();
    assertThat(ctx.sessionId()).isEqualTo(mapped);

    try (Scope ignored = ctx.makeCurrent()) {
      assertThat(Baggage.current().getEntryValue("session_id")).isEqualTo(mapped);
      model(tracer).chat(request("hi"));
    }
    assertThat(Baggage.current().isEmpty()).isTrue();

    SpanData span = onlySpan();
    assertThat(attribute(span, "honeyhive.session_id")).isEqualTo(mapped);
    assertThat(attribute(span, "traceloop.association.properties.session_id")).isEqualTo(mapped);
  }

  @Test
  void aNonUuidSessionIdInBaggageFromUpstreamIsMappedTheSameWay() {
    Baggage upstream =
        Baggage.builder().put("session_id", "sess-other").put("run_id", "run-7").put("dataset_id", "ds-1")
            .put("datapoint_id", "dp-3").put("tenant", "acme").build();
    try (Scope ignored = Context.root().with(upstream).makeCurrent()) {
      model(tracer).chat(request("hi"));
    }

    SpanData span = onlySpan();
    assertThat(attribute(span, "honeyhive.session_id")).isEqualTo("f560cc60-98a6-5593-a5ab-34960b0ca2b2");
    // Experiment linkage goes to metadata; other entries stay baggage.*.
    assertThat(attribute(span, "honeyhive_metadata.run_id")).isEqualTo("run-7");
    assertThat(attribute(span, "honeyhive_metadata.dataset_id")).isEqualTo("ds-1");
    assertThat(attribute(span, "honeyhive_metadata.datapoint_id")).isEqualTo("dp-3");
    assertThat(attribute(span, "baggage.tenant")).isEqualTo("acme");
    assertThat(span.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .doesNotContain("baggage.run_id", "baggage.dataset_id", "baggage.datapoint_id", "baggage.session_id");
  }

  @Test
  void anUppercaseUuidSessionIdIsLowercasedEverywhere() {
    HoneyHiveTracer upper = builder().sessionId("3C9E1F20-7A4B-4D5E-9F60-1A2B3C4D5E6F").build();
    try {
      assertThat(upper.sessionId()).isEqualTo("3c9e1f20-7a4b-4d5e-9f60-1a2b3c4d5e6f");
      model(upper).chat(request("hi"));
      try (Scope ignored =
          Context.root().with(Baggage.builder().put("session_id", "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE").build()).makeCurrent()) {
        model(upper).chat(request("from upstream"));
      }
    } finally {
      upper.close();
    }
    List<SpanData> spans = otel.getSpans();
    assertThat(attribute(spans.get(0), "honeyhive.session_id")).isEqualTo("3c9e1f20-7a4b-4d5e-9f60-1a2b3c4d5e6f");
    assertThat(attribute(spans.get(1), "honeyhive.session_id")).isEqualTo("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  }

  @Test
  void noApiKeyMeansSessionUpdatesAreNotSentWithOneWarning() {
    try (LogCapture logs = LogCapture.start()) {
      tracer.enrichSession(EnrichmentContext.builder().metadata("a", 1).build());
      tracer.enrichSession(EnrichmentContext.builder().metadata("b", 2).build());
      model(tracer).chat(request("hi"));

      assertThat(logs.atLeast(Level.WARNING))
          .filteredOn(r -> r.getMessage().contains("no API key"))
          .hasSize(1);
    }
    assertThat(enrichment(onlySpan())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void realOpenAiCallsBlockingAndStreamingAreEnriched(Mode mode) {
    EnrichmentContext ctx = EnrichmentContext.builder().userProperty("user_id", "u-7").abVariant("B").build();

    try (Scope ignored = ctx.makeCurrent()) {
      TestModels.chat(
          mode,
          openAi.baseUrl(),
          tracer.chatModelListener(),
          ChatRequest.builder().messages(UserMessage.from("Hello")).build());
    }

    assertThat(enrichment(onlySpan()))
        .containsExactly(entry("honeyhive_metadata.ab_variant", "B"), entry("honeyhive_user_properties.user_id", "u-7"));
  }

  @Test
  void streamingCallbacksOnAnotherThreadSeeTheContextWhenTheHandlerIsWrapped() throws Exception {
    ExecutorService callbackThreads = Executors.newSingleThreadExecutor();
    try {
      FixedChatModel.Streaming streaming =
          new FixedChatModel.Streaming(callbackThreads, FixedChatModel::echo, tracer.chatModelListener());
      EnrichmentContext ctx = EnrichmentContext.builder().userProperty("user_id", "u-stream").build();
      List<String> seenInCallback = new ArrayList<>();

      try (Scope ignored = ctx.makeCurrent()) {
        Context callerContext = Context.current();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        streaming.chat(
            request("stream"),
            new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(String partial) {}

              @Override
              public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse r) {
                // What a user does to keep their context in a callback: Context.wrap.
                callerContext.wrap(
                        () -> {
                          seenInCallback.add(Thread.currentThread().getName());
                          seenInCallback.add(EnrichmentContext.current().toString());
                        })
                    .run();
                done.complete(null);
              }

              @Override
              public void onError(Throwable error) {
                done.completeExceptionally(error);
              }
            });
        done.get(10, TimeUnit.SECONDS);
      }

      assertThat(seenInCallback.get(0)).isNotEqualTo(Thread.currentThread().getName());
      assertThat(seenInCallback.get(1)).isEqualTo("EnrichmentContext{honeyhive_user_properties.user_id=u-stream}");
      assertThat(enrichment(onlySpan())).containsExactly(entry("honeyhive_user_properties.user_id", "u-stream"));
    } finally {
      callbackThreads.shutdownNow();
    }
  }

  @Test
  void aSessionAndOptInKeysContinueInTheNextServiceThroughW3cHeaders() {
    HoneyHiveTracer serviceB = builder().sessionId("9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f").build();
    Map<String, String> headers = new HashMap<>();
    Span serviceASpan = otel.getOpenTelemetry().getTracer("service-a").spanBuilder("POST /checkout").startSpan();
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .sessionId("sess-shared")
            .userProperty("user_id", "u-99")
            .userProperty("api_key", "never-propagated")
            .metadata("feature", "local-only")
            .propagate("user_id", "api_key")
            .build();

    // Service A: make the call context current and inject it into outgoing headers.
    try (Scope s = serviceASpan.makeCurrent();
        Scope e = ctx.makeCurrent()) {
      tracer.openTelemetry().getPropagators().getTextMapPropagator().inject(Context.current(), headers, Map::put);
    } finally {
      serviceASpan.end();
    }
    assertThat(headers).containsKeys("traceparent", "baggage");
    assertThat(headers.get("baggage"))
        .contains("session_id=1ccd3f59-f0c3-547e-9256-d766097a3d23")
        .doesNotContain("never-propagated");

    // Service B: extract from incoming headers, then call a model.
    Context incoming =
        serviceB
            .openTelemetry()
            .getPropagators()
            .getTextMapPropagator()
            .extract(Context.root(), headers, MapGetter.INSTANCE);
    try (Scope ignored = incoming.makeCurrent()) {
      model(serviceB).chat(request("in service B"));
    }
    serviceB.close();

    SpanData chat =
        otel.getSpans().stream().filter(s -> s.getName().equals("chat m")).findFirst().orElseThrow();
    assertThat(chat.getTraceId()).isEqualTo(serviceASpan.getSpanContext().getTraceId());
    assertThat(chat.getParentSpanId()).isEqualTo(serviceASpan.getSpanContext().getSpanId());
    assertThat(attribute(chat, "honeyhive.session_id")).isEqualTo("1ccd3f59-f0c3-547e-9256-d766097a3d23");
    assertThat(enrichment(chat)).containsExactly(entry("honeyhive_user_properties.user_id", "u-99"));
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    // Abstract before OpenTelemetry 1.67 and deprecated since: implemented for the older releases.
    @SuppressWarnings("deprecation")
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }

  @Test
  void thousandConcurrentRequestsOnPlatformThreadsKeepTheirOwnUser() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(64);
    try {
      assertNoCrossContamination(threads, 1000);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void thousandConcurrentRequestsOnVirtualThreadsKeepTheirOwnUser() throws Exception {
    // Compiled for Java 17: reach the Java 21 factory reflectively (test code only).
    ExecutorService threads =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      assertNoCrossContamination(threads, 1000);
    } finally {
      threads.shutdownNow();
    }
  }

  private void assertNoCrossContamination(ExecutorService threads, int requests) throws Exception {
    ExecutorService streamingCallbacks = Executors.newFixedThreadPool(4);
    FixedChatModel.Streaming streaming =
        new FixedChatModel.Streaming(streamingCallbacks, FixedChatModel::echo, tracer.chatModelListener());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String user = "user-" + i;
      boolean stream = i % 3 == 0;
      futures.add(
          threads.submit(
              () -> {
                start.await();
                EnrichmentContext ctx =
                    EnrichmentContext.builder().userProperty("user_id", user).metric("n", user.length()).build();
                try (Scope ignored = ctx.makeCurrent()) {
                  if (stream) {
                    TestModels.chat(streaming, request(user));
                  } else {
                    model(tracer).chat(request(user));
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    streamingCallbacks.shutdownNow();

    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(requests);
    Set<String> users = new HashSet<>();
    for (SpanData span : spans) {
      String asked = attribute(span, "honeyhive_inputs.chat_history.0.content");
      assertThat(enrichment(span))
          .containsExactly(
              entry("honeyhive_metrics.n", (long) asked.length()),
              entry("honeyhive_user_properties.user_id", asked));
      users.add(asked);
    }
    assertThat(users).hasSize(requests);
  }
}
