package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.content.EnrichmentValues;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bad-input list, each with its defined behaviour, through the tracer's own SDK and limits. */
class BadInputTest {

  private InMemorySpanExporter memory;
  private HoneyHiveTracer tracer;

  @BeforeEach
  void setUp() {
    memory = InMemorySpanExporter.create();
    tracer = OwnSdk.tracer(HoneyHiveExport.create(memory, "svc"), "s", "bad-input");
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  private SpanData chatAndGetSpan(String message) {
    String answer =
        new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echoWithFixedId, tracer.chatModelListener())
            .chat(message);
    assertThat(answer).isEqualTo("echo: " + message);
    assertThat(tracer.flush()).isTrue();
    List<SpanData> spans = memory.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aTenMegabyteMessageIsCutToOneMillionCharactersWithAMarkerAndCounted() {
    String huge = "y".repeat(10 * 1024 * 1024);

    SpanData span = chatAndGetSpan(huge);

    String recorded = attribute(span, "honeyhive_inputs.chat_history.0.content");
    assertThat(recorded).startsWith("y".repeat(1_000_000)).endsWith("…[truncated 9485760 chars]");
    assertThat(attribute(span, "gen_ai.input.messages")).contains("…[truncated 9485760 chars]");
    // The question and the echoed answer: each text is cut once, for both of its spellings.
    assertThat(attribute(span, "honeyhive_outputs.content")).endsWith("…[truncated 9485766 chars]");
    assertThat(TracerProbe.contentTruncations(tracer)).isEqualTo(2);
  }

  @Test
  void controlCharactersAndLoneSurrogatesAreRecordedAndEscapedInJson() {
    String odd = "bell \u0007 escape \u001b nul \u0000 lone \uD800 tab \t end";

    SpanData span = chatAndGetSpan(odd);

    assertThat(attribute(span, "honeyhive_inputs.chat_history.0.content")).isEqualTo(odd);
    assertThat(attribute(span, "gen_ai.input.messages"))
        .contains("\\u0007", "\\u001B", "\\u0000", "\\t")
        .doesNotContain("\u0007");
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void tenThousandEnrichmentKeysAreCappedByTheSpanLimitAndTheDropIsCounted() {
    Map<String, Object> many = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      many.put("key_" + i, i);
    }
    EnrichmentContext ctx = EnrichmentContext.builder().metadata(many).build();

    SpanData span;
    try (Scope ignored = ctx.makeCurrent()) {
      span = chatAndGetSpan("hi");
    }

    assertThat(span.getAttributes().size()).isEqualTo(HoneyHiveExport.MAX_ATTRIBUTES_PER_SPAN);
    // The SDK counts what it dropped; OTLP sends it as dropped_attributes_count.
    assertThat(span.getTotalAttributeCount() - span.getAttributes().size()).isGreaterThan(10_000 - 4096);
  }

  @Test
  void keysWithDotsSpacesAndUnicodeAreKeptAsGiven() {
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata("a.b", "dotted")
            .metadata("with space", "spaced")
            .metadata("ключ", "unicode")
            .metadata("emoji 🙂", "ok")
            .build();

    SpanData span;
    try (Scope ignored = ctx.makeCurrent()) {
      span = chatAndGetSpan("hi");
    }

    assertThat(attribute(span, "honeyhive_metadata.a.b")).isEqualTo("dotted");
    assertThat(attribute(span, "honeyhive_metadata.with space")).isEqualTo("spaced");
    assertThat(attribute(span, "honeyhive_metadata.ключ")).isEqualTo("unicode");
    assertThat(attribute(span, "honeyhive_metadata.emoji 🙂")).isEqualTo("ok");
  }

  @Test
  void aMapWhoseKeysToStringThrowsBecomesAPlaceholderNotAnException() {
    Object badKey =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("toString fails");
          }
        };
    Map<Object, Object> map = new HashMap<>();
    map.put(badKey, "v");

    EnrichmentContext ctx = EnrichmentContext.builder().metadata("bad", map).build();
    SpanData span;
    try (Scope ignored = ctx.makeCurrent()) {
      span = chatAndGetSpan("hi");
    }

    assertThat(attribute(span, "honeyhive_metadata.bad"))
        .isEqualTo("[unserializable java.util.HashMap: IllegalStateException]");
    assertThat(ctx.toString()).contains("honeyhive_metadata.bad=[unserializable");
  }

  @Test
  void listenerCallbacksOutOfOrderAreIgnored() {
    ChatModelListener listener = tracer.chatModelListener();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
    Map<Object, Object> attributes = new ConcurrentHashMap<>();

    listener.onError(new ChatModelErrorContext(new RuntimeException("before any request"), request, ModelProvider.OTHER, attributes));
    listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OTHER, attributes));
    listener.onError(new ChatModelErrorContext(new RuntimeException("first"), request, ModelProvider.OTHER, attributes));
    listener.onError(new ChatModelErrorContext(new RuntimeException("second"), request, ModelProvider.OTHER, attributes));
    listener.onResponse(
        new ChatModelResponseContext(FixedChatModel.echo(request), request, ModelProvider.OTHER, attributes));
    assertThat(tracer.flush()).isTrue();

    List<SpanData> spans = memory.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getStatus().getDescription()).isEqualTo("first");
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  /** A value whose toString() throws, as a lazy proxy or a broken CharSequence can. */
  static final class Hostile implements CharSequence {
    @Override
    public int length() {
      throw new IllegalStateException("length");
    }

    @Override
    public char charAt(int index) {
      throw new IllegalStateException("charAt");
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new IllegalStateException("subSequence");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString");
    }
  }

  @Test
  void enrichSpanWithAValueWhoseToStringThrowsNeverThrowsAndSaysWhatItWas() {
    io.opentelemetry.api.trace.Span span = tracer.openTelemetry().getTracer("app").spanBuilder("mine").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(tracer.enrichSpan(Map.of("k", new Hostile(), "fine", "yes"))).isTrue();
    } finally {
      span.end();
    }
    assertThat(tracer.flush()).isTrue();
    SpanData data = memory.getFinishedSpanItems().get(0);
    assertThat(attribute(data, "honeyhive_metadata.k"))
        .isEqualTo("[unserializable " + Hostile.class.getName() + ": IllegalStateException]");
    assertThat(attribute(data, "honeyhive_metadata.fine")).isEqualTo("yes");
  }

  @Test
  void theBuilderTurnsOddValuesIntoTextWithoutThrowing() {
    java.util.UUID uuid = java.util.UUID.fromString("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c10");
    EnrichmentContext ctx =
        EnrichmentContext.builder()
            .metadata("hostile", new Hostile())
            .metadata("nested", Map.of("inner", new Hostile()))
            .metadata("date", java.time.LocalDate.of(2026, 11, 25))
            .metadata("uuid", uuid)
            .metadata("path", java.nio.file.Path.of("/tmp/x"))
            .build();

    Map<String, Object> values = EnrichmentTestSupport.enrichment(attributesOf(ctx));
    assertThat(values)
        .containsEntry("honeyhive_metadata.hostile", "[unserializable " + Hostile.class.getName() + ": IllegalStateException]")
        .containsEntry("honeyhive_metadata.nested.inner", "[unserializable " + Hostile.class.getName() + ": IllegalStateException]")
        .containsEntry("honeyhive_metadata.date", "2026-11-25")
        .containsEntry("honeyhive_metadata.uuid", uuid.toString())
        .containsEntry("honeyhive_metadata.path", "/tmp/x");
  }

  private static io.opentelemetry.api.common.Attributes attributesOf(EnrichmentContext ctx) {
    io.opentelemetry.api.common.AttributesBuilder b = io.opentelemetry.api.common.Attributes.builder();
    for (EnrichmentValues.Leaf leaf : ctx.leaves()) {
      putLeaf(b, leaf);
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static void putLeaf(io.opentelemetry.api.common.AttributesBuilder b, EnrichmentValues.Leaf leaf) {
    b.put((AttributeKey<Object>) leaf.key, leaf.value);
  }
}
