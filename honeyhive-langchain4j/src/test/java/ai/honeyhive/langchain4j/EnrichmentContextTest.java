package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.EnrichmentTestSupport.enrichment;
import static ai.honeyhive.langchain4j.EnrichmentTestSupport.model;
import static ai.honeyhive.langchain4j.EnrichmentTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The builder, the encoding of values, validation, and every invocation pattern. */
class EnrichmentContextTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private HoneyHiveTracer tracer;
  private ExecutorService pool;

  @BeforeEach
  void setUp() {
    tracer =
        HoneyHiveTracer.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .project("enrich")
            .sessionId("sess-tracer")
            .environment(name -> null)
            .build();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    tracer.close();
  }

  private SpanData chatAndGetSpan() {
    model(tracer).chat(request("hi"));
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  enum Tier {
    GOLD
  }

  static final class Order {
    public final String id = "o-1";
    public final int items = 3;
  }

  @Test
  void everyBuilderMethodLandsInItsNamespaceWithExactTypedValues() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("plan", "premium");
    nested.put("seats", 12);
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .userProperty("user_id", "user_123")
            .userProperties(Map.of("account", nested))
            .metadata("feature", "chat")
            .metadata(Map.of("tags", List.of("a", "b")))
            .metric("score", 0.95)
            .metrics(Map.of("latency_budget_ms", 250))
            .feedback("rating", 5)
            .feedback(Map.of("thumbs_up", true))
            .config("prompt_version", "v7")
            .config(Map.of("temperature", 0.2f))
            .abVariant("checkout-copy", "B")
            .build();

    try (Scope ignored = ctx.makeCurrent()) {
      assertThat(enrichment(chatAndGetSpan()))
          .containsExactly(
              entry("honeyhive_config.prompt_version", "v7"),
              entry("honeyhive_config.temperature", (double) 0.2f),
              entry("honeyhive_feedback.rating", 5L),
              entry("honeyhive_feedback.thumbs_up", true),
              entry("honeyhive_metadata.ab_experiment", "checkout-copy"),
              entry("honeyhive_metadata.ab_variant", "B"),
              entry("honeyhive_metadata.feature", "chat"),
              entry("honeyhive_metadata.tags.0", "a"),
              entry("honeyhive_metadata.tags.1", "b"),
              entry("honeyhive_metrics.latency_budget_ms", 250L),
              entry("honeyhive_metrics.score", 0.95),
              entry("honeyhive_user_properties.account.plan", "premium"),
              entry("honeyhive_user_properties.account.seats", 12L),
              entry("honeyhive_user_properties.user_id", "user_123"));
    }
  }

  @Test
  void valuesAreTypedPrimitivesOrOneJsonStringAndNullsAreSkipped() {
    UUID uuid = UUID.fromString("8d1f0c2e-7a4b-4e55-9b1e-2f6d3c4b5a69");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("kept", "yes");
    withNull.put("dropped", null);
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata("int", 7)
            .metadata("big_decimal", new BigDecimal("1.5"))
            .metadata("huge", new BigInteger("123456789012345678901234567890"))
            .metadata("char", 'x')
            .metadata("enum", Tier.GOLD)
            .metadata("instant", Instant.parse("2026-11-24T10:15:30Z"))
            .metadata("uuid", uuid)
            .metadata("order", new Order())
            .metadata("nan", Double.NaN)
            .metadata("array", new int[] {1, 2})
            .metadata("nothing", null)
            .metadata("map", withNull)
            .metadata("empty", Map.of())
            .build();

    try (Scope ignored = ctx.makeCurrent()) {
      assertThat(enrichment(chatAndGetSpan()))
          .containsExactly(
              entry("honeyhive_metadata.array.0", 1L),
              entry("honeyhive_metadata.array.1", 2L),
              entry("honeyhive_metadata.big_decimal", 1.5),
              entry("honeyhive_metadata.char", "x"),
              entry("honeyhive_metadata.enum", "GOLD"),
              entry("honeyhive_metadata.huge", "123456789012345678901234567890"),
              entry("honeyhive_metadata.instant", "2026-11-24T10:15:30Z"),
              entry("honeyhive_metadata.int", 7L),
              entry("honeyhive_metadata.map.kept", "yes"),
              entry("honeyhive_metadata.nan", "NaN"),
              entry("honeyhive_metadata.order", "{\"id\":\"o-1\",\"items\":3}"),
              entry("honeyhive_metadata.uuid", uuid.toString()));
    }
  }

  @Test
  void valuesAreSnapshottedWhenBuilt() {
    List<String> tags = new ArrayList<>(List.of("first"));
    EnrichmentContext ctx = EnrichmentContext.builder().metadata("tags", tags).build();
    tags.add("added later");

    try (Scope ignored = ctx.makeCurrent()) {
      assertThat(enrichment(chatAndGetSpan())).containsExactly(entry("honeyhive_metadata.tags.0", "first"));
    }
  }

  @Test
  void cyclicDeepAndUnserializableValuesBecomeSafeStrings() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    List<Object> cyclicList = new ArrayList<>();
    cyclicList.add(cyclicList);
    Map<String, Object> deep = new HashMap<>();
    Map<String, Object> cursor = deep;
    for (int i = 0; i < 40; i++) {
      Map<String, Object> next = new HashMap<>();
      cursor.put("d", next);
      cursor = next;
    }
    Object exploding =
        new Object() {
          @SuppressWarnings("unused")
          public String getValue() {
            throw new IllegalStateException("getter fails");
          }
        };

    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata("cyclic", cyclic)
            .metadata("cyclic_list", cyclicList)
            .metadata("deep", deep)
            .metadata("exploding", exploding)
            .build();

    try (Scope ignored = ctx.makeCurrent()) {
      Map<String, Object> attributes = enrichment(chatAndGetSpan());
      assertThat(attributes)
          .containsEntry("honeyhive_metadata.cyclic.self", "[cycle]")
          .containsEntry("honeyhive_metadata.cyclic_list.0", "[cycle]")
          .containsEntry("honeyhive_metadata.deep" + ".d".repeat(32), "[too deep]");
      assertThat((String) attributes.get("honeyhive_metadata.exploding"))
          .startsWith("[unserializable ")
          .endsWith(": JsonMappingException]");
    }
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void invalidKeysAndMetricsFailAtBuildTimeWithAClearMessage() {
    assertThatThrownBy(() -> EnrichmentContext.builder().metadata((String) null, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrichment key must not be null");
    assertThatThrownBy(() -> EnrichmentContext.builder().userProperty("  ", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrichment key must not be blank");
    assertThatThrownBy(() -> EnrichmentContext.builder().metric("score", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'score' must be finite, but was NaN");
    assertThatThrownBy(() -> EnrichmentContext.builder().metric("score", Float.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'score' must be finite, but was Infinity");
    assertThatThrownBy(() -> EnrichmentContext.builder().metrics(Map.of("score", "high")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'score' must be a number, but was a java.lang.String");
    assertThatThrownBy(() -> EnrichmentContext.builder().metadata((Map<String, ?>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metadata");
    assertThatThrownBy(() -> EnrichmentContext.builder().sessionId(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sessionId must not be null or blank");
    assertThatThrownBy(() -> EnrichmentContext.builder().abVariant(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void currentIsNeverNullAndEmptyOutsideAnyScope() {
    assertThat(EnrichmentContext.current()).isSameAs(EnrichmentContext.empty());
    assertThat(EnrichmentContext.current().isEmpty()).isTrue();
    assertThat(EnrichmentContext.fromContext(null)).isSameAs(EnrichmentContext.empty());
    assertThat(EnrichmentContext.builder().build()).isSameAs(EnrichmentContext.empty());
  }

  @Test
  void nestedScopesMergeKeyByKeyAndClosingRestoresTheOuter() {
    EnrichmentContext outer =
        EnrichmentContext.builder().metadata("feature", "chat").metadata("tier", "gold").build();
    EnrichmentContext inner = EnrichmentContext.builder().metadata("feature", "search").build();

    try (Scope o = outer.makeCurrent()) {
      try (Scope i = inner.makeCurrent()) {
        model(tracer).chat(request("inner"));
        assertThat(EnrichmentContext.current())
            .isEqualTo(
                EnrichmentContext.builder().metadata("feature", "search").metadata("tier", "gold").build());
      }
      assertThat(EnrichmentContext.current()).isEqualTo(outer);
      model(tracer).chat(request("outer"));
    }
    assertThat(EnrichmentContext.current().isEmpty()).isTrue();

    List<SpanData> spans = otel.getSpans();
    assertThat(enrichment(spans.get(0)))
        .containsExactly(entry("honeyhive_metadata.feature", "search"), entry("honeyhive_metadata.tier", "gold"));
    assertThat(enrichment(spans.get(1)))
        .containsExactly(entry("honeyhive_metadata.feature", "chat"), entry("honeyhive_metadata.tier", "gold"));
  }

  @Test
  void runCallAndWrapCarryTheContextAcrossThreads() throws Exception {
    EnrichmentContext ctx = EnrichmentContext.builder().userProperty("user_id", "u-42").build();

    ctx.run(() -> model(tracer).chat(request("run")));
    String called = ctx.call(() -> model(tracer).chat(request("call")).aiMessage().text());
    Runnable runnable = () -> model(tracer).chat(request("wrapped runnable"));
    pool.submit(ctx.wrap(runnable)).get(10, TimeUnit.SECONDS);
    java.util.concurrent.Callable<String> callable =
        () -> model(tracer).chat(request("wrapped callable")).aiMessage().text();
    assertThat(pool.submit(ctx.wrap(callable)).get(10, TimeUnit.SECONDS)).isEqualTo("echo: wrapped callable");
    CompletableFuture.runAsync(() -> model(tracer).chat(request("wrapped executor")), ctx.wrap((java.util.concurrent.Executor) pool))
        .get(10, TimeUnit.SECONDS);
    ExecutorService wrappedService = ctx.wrap(Executors.newSingleThreadExecutor());
    wrappedService.submit(() -> model(tracer).chat(request("wrapped service"))).get(10, TimeUnit.SECONDS);
    wrappedService.shutdown();
    try (Scope ignored = ctx.makeCurrent()) {
      Runnable viaContext = () -> model(tracer).chat(request("context wrap"));
      CompletableFuture.runAsync(Context.current().wrap(viaContext), pool).get(10, TimeUnit.SECONDS);
    }
    // Without wrapping, another thread does not see it: the context is not a thread-local leak.
    try (Scope ignored = ctx.makeCurrent()) {
      pool.submit(() -> model(tracer).chat(request("unwrapped"))).get(10, TimeUnit.SECONDS);
    }

    assertThat(called).isEqualTo("echo: call");
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(8);
    for (SpanData span : spans.subList(0, 7)) {
      assertThat(enrichment(span)).containsExactly(entry("honeyhive_user_properties.user_id", "u-42"));
    }
    assertThat(enrichment(spans.get(7))).isEmpty();
  }

  @Test
  void callPassesTheSameExceptionInstanceThrough() {
    IllegalStateException boom = new IllegalStateException("user failure");
    EnrichmentContext ctx = EnrichmentContext.builder().metadata("k", "v").build();

    assertThatThrownBy(() -> ctx.call(() -> {
          throw boom;
        }))
        .isSameAs(boom);
    assertThat(EnrichmentContext.current().isEmpty()).isTrue();
  }

  @Test
  void toStringListsValuesButRedactsSecrets() {
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .sessionId("0B6C2C3E-4F7A-4C1E-9D2B-5A8F3E6D7C10")
            .metadata("feature", "chat")
            .userProperty("password", "hunter2")
            .build();

    assertThat(ctx.toString())
        .isEqualTo(
            "EnrichmentContext{sessionId=0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c10, honeyhive_metadata.feature=chat,"
                + " honeyhive_user_properties.password=[REDACTED]}");
  }

  @Test
  void laterValueForTheSameKeyWins() {
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata(Map.of("feature", "from map"))
            .metadata("feature", "explicit")
            .abVariant("A")
            .metadata("ab_variant", "override")
            .build();

    try (Scope ignored = ctx.makeCurrent()) {
      assertThat(enrichment(chatAndGetSpan()))
          .containsExactly(
              entry("honeyhive_metadata.ab_variant", "override"),
              entry("honeyhive_metadata.feature", "explicit"));
    }
  }
}
