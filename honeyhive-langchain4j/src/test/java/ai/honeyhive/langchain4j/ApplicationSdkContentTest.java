package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chat content deferred to export on an application's own SDK (what the Spring Boot starter sets
 * up): written by the HoneyHive exporter once it has proven to be in the pipeline, during the call
 * before that, and never lost.
 */
class ApplicationSdkContentTest {

  private static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("honeyhive_outputs.content");

  private final InMemorySpanExporter honeyHive = InMemorySpanExporter.create();
  private final InMemorySpanExporter other = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;
  private HoneyHiveTracer tracer;

  @AfterEach
  void tearDown() {
    tracer.close();
    sdk.close();
  }

  private FixedChatModel model() {
    return new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener());
  }

  private static ChatRequest question(String text) {
    return ChatRequest.builder().messages(UserMessage.from(text)).build();
  }

  @Test
  void afterTheFirstExportContentReachesTheHoneyHiveExporterOnlyAndIsWrittenThere() {
    HoneyHiveExport.DeferredContent deferred = HoneyHiveExport.deferredContent(honeyHive);
    sdk = sdkExportingTo(SpanExporter.composite(deferred.exporter(), other));
    deferred.attachTo(sdk);
    tracer = HoneyHiveTracer.builder().openTelemetry(sdk).project("p").environment(name -> null).build();

    model().chat(question("first"));
    model().chat(question("second"));

    List<SpanData> toHoneyHive = honeyHive.getFinishedSpanItems();
    List<SpanData> toOther = other.getFinishedSpanItems();
    assertThat(toHoneyHive).hasSize(2);
    assertThat(toOther).hasSize(2);
    // Before any export nothing proves the exporter is in the pipeline: written during the call.
    assertThat(toHoneyHive.get(0).getAttributes().get(INPUT_MESSAGES)).contains("first");
    assertThat(toOther.get(0).getAttributes().get(INPUT_MESSAGES)).contains("first");
    // From then on, deferred: the HoneyHive exporter writes it, the application's others never see it.
    assertThat(toHoneyHive.get(1).getAttributes().get(INPUT_MESSAGES)).contains("second");
    assertThat(toHoneyHive.get(1).getAttributes().get(OUTPUT)).isNotNull();
    assertThat(toOther.get(1).getAttributes().get(INPUT_MESSAGES)).isNull();
    assertThat(toOther.get(1).getAttributes().get(OUTPUT)).isNull();
  }

  @Test
  void anExporterThatIsNotInThePipelineNeverTakesContentAway() {
    HoneyHiveExport.DeferredContent deferred = HoneyHiveExport.deferredContent(honeyHive);
    sdk = sdkExportingTo(other);
    deferred.attachTo(sdk);
    tracer = HoneyHiveTracer.builder().openTelemetry(sdk).project("p").environment(name -> null).build();

    for (int i = 0; i < 3; i++) {
      model().chat(question("call " + i));
    }

    assertThat(other.getFinishedSpanItems())
        .extracting(span -> span.getAttributes().get(INPUT_MESSAGES))
        .allSatisfy(messages -> assertThat(messages).isNotNull());
    assertThat(honeyHive.getFinishedSpanItems()).isEmpty();
  }

  private static OpenTelemetrySdk sdkExportingTo(SpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
  }
}
