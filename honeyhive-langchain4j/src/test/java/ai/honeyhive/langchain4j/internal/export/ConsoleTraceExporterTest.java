package ai.honeyhive.langchain4j.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTraceExporterTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final long T0 = 1_763_951_040_000_000_000L;

  private static SpanData span(
      String id, String parent, String name, long startMs, long endMs, StatusData status, Attributes attributes) {
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(TRACE, id, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(
            parent == null
                ? SpanContext.getInvalid()
                : SpanContext.create(TRACE, parent, TraceFlags.getSampled(), TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(T0 + startMs * 1_000_000)
        .setEndEpochNanos(T0 + endMs * 1_000_000)
        .setHasEnded(true)
        .setStatus(status)
        .setAttributes(attributes)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  @Test
  void printsAKnownTraceAsAnExactTreeWhenItsRootEnds() {
    SpanData root =
        span("00000000000000a1", null, "invoke_agent Assistant.chat", 0, 1500, StatusData.unset(),
            Attributes.builder()
                .put("honeyhive_event_type", "chain")
                .put("honeyhive.session_id", "sess-42")
                .put("honeyhive_user_properties.user_id", "user_123")
                .put("honeyhive_metadata.ab_variant", "B")
                .put("honeyhive_metrics.score", 0.95)
                .build());
    SpanData chat =
        span("00000000000000b2", "00000000000000a1", "chat gpt-4o-mini", 100, 900, StatusData.unset(),
            Attributes.builder()
                .put("honeyhive_event_type", "model")
                .put("gen_ai.request.model", "gpt-4o-mini")
                .put("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
                .put(AttributeKey.longKey("gen_ai.usage.input_tokens"), 24L)
                .put(AttributeKey.longKey("gen_ai.usage.output_tokens"), 8L)
                .build());
    SpanData tool =
        span("00000000000000c3", "00000000000000a1", "execute_tool get_weather", 950, 1003, StatusData.error(),
            Attributes.builder()
                .put("honeyhive_event_type", "tool")
                .put("error.type", "tool_error")
                .put("honeyhive_user_properties.user_id", "user_123")
                .put("honeyhive_metadata.ab_variant", "A")
                .build());
    SpanData nested =
        span("00000000000000d4", "00000000000000b2", "embeddings text-embedding-3-small", 120, 130, StatusData.unset(),
            Attributes.builder().put("honeyhive_event_type", "model").build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTraceExporter exporter = new ConsoleTraceExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    exporter.export(List.of(nested, tool, chat));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    exporter.export(List.of(root));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "trace 0af7651916cd43dd8448eb211c80319c  session sess-42\n"
                + "invoke_agent Assistant.chat  1500.0 ms  chain  metadata.ab_variant=B  metrics.score=0.95"
                + "  user_properties.user_id=user_123\n"
                + "├─ chat gpt-4o-mini  800.0 ms  model  model=gpt-4o-mini-2024-07-18  tokens=24/8\n"
                + "│  └─ embeddings text-embedding-3-small  10.0 ms  model\n"
                + "└─ execute_tool get_weather  53.0 ms  tool  ERROR tool_error  metadata.ab_variant=A\n");
  }

  @Test
  void inputsOutputsAndErrorShowOnChainSpansAndTheErrorOnEverySpan() {
    SpanData root =
        span("00000000000000a1", null, "invoke_agent Assistant.chat", 0, 20, StatusData.unset(),
            Attributes.builder()
                .put("honeyhive_event_type", "chain")
                .put("honeyhive_inputs.user_message", "Weather in Paris?")
                .put("honeyhive_outputs.result", "Sunny.")
                .put("honeyhive_error", "quota low")
                .build());
    SpanData chat =
        span("00000000000000b2", "00000000000000a1", "chat m", 1, 10, StatusData.error(),
            Attributes.builder()
                .put("honeyhive_event_type", "model")
                .put("honeyhive_inputs.chat_history.0.content", "Weather in Paris?")
                .put("honeyhive_outputs.content", "Sunny.")
                .put("error.type", "java.io.IOException")
                .put("honeyhive_error", "connection reset")
                .build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTraceExporter exporter = new ConsoleTraceExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    exporter.export(List.of(chat, root));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "trace 0af7651916cd43dd8448eb211c80319c\n"
                + "invoke_agent Assistant.chat  20.0 ms  chain  error=quota low"
                + "  inputs.user_message=Weather in Paris?  outputs.result=Sunny.\n"
                + "└─ chat m  9.0 ms  model  ERROR IOException  error=connection reset\n");
  }

  @Test
  void tracesWhoseRootNeverEndedArePrintedAtShutdown() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTraceExporter exporter = new ConsoleTraceExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    exporter.export(
        List.of(span("00000000000000b2", "00000000000000a1", "chat m", 0, 5, StatusData.unset(), Attributes.empty())));

    exporter.shutdown();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("trace 0af7651916cd43dd8448eb211c80319c\nchat m  5.0 ms\n");
  }

  @Test
  void aStreamedCallSaysSoWithItsTimeToFirstTokenAndTheTreeNamesItsService() {
    SpanData streamed =
        TestSpanData.builder()
            .setSpanContext(SpanContext.create(TRACE, "00000000000000e5", TraceFlags.getSampled(), TraceState.getDefault()))
            .setName("chat gpt-4o-mini")
            .setKind(SpanKind.CLIENT)
            .setStartEpochNanos(T0)
            .setEndEpochNanos(T0 + 40_000_000)
            .setHasEnded(true)
            .setStatus(StatusData.unset())
            .setResource(Resource.builder().put("service.name", "answering-service").build())
            .setAttributes(
                Attributes.builder()
                    .put("honeyhive_event_type", "model")
                    .put(AttributeKey.booleanKey("gen_ai.request.stream"), true)
                    .put(AttributeKey.doubleKey("honeyhive_metadata.time_to_first_token_ms"), 12.25)
                    .put("honeyhive_metadata.feature", "chat")
                    .build())
            .setTotalRecordedEvents(0)
            .setTotalRecordedLinks(0)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTraceExporter exporter = new ConsoleTraceExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    exporter.export(List.of(streamed));
    exporter.printLine("update session s-1  PUT /events {}");

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "trace 0af7651916cd43dd8448eb211c80319c  service answering-service\n"
                + "chat gpt-4o-mini  40.0 ms  model  streamed, first token after 12.3 ms  metadata.feature=chat\n"
                + "update session s-1  PUT /events {}\n");
  }
}
