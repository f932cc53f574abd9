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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HoneyHive's export inside an application's own SDK (what the Spring Boot starter sets up): chat
 * content is written at export for HoneyHive only, once its processor is in the pipeline; without
 * it, content is written during the call and never lost.
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
  void contentIsWrittenAtExportForHoneyHiveOnlyAndTheApplicationsExporterNeverSeesIt() {
    HoneyHiveExport.DeferredContent deferred = HoneyHiveExport.deferredContent(honeyHive, null);
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(deferred.spanProcessor())
                    .addSpanProcessor(SimpleSpanProcessor.create(other))
                    .build())
            .build();
    deferred.attachTo(sdk);
    tracer = HoneyHiveTracer.builder().openTelemetry(sdk).project("p").environment(name -> null).build();

    model().chat(question("first"));
    model().chat(question("second"));
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    List<SpanData> toHoneyHive = honeyHive.getFinishedSpanItems();
    List<SpanData> toOther = other.getFinishedSpanItems();
    assertThat(toHoneyHive).extracting(span -> span.getAttributes().get(INPUT_MESSAGES))
        .satisfiesExactly(
            first -> assertThat(first).contains("first"), second -> assertThat(second).contains("second"));
    assertThat(toHoneyHive).allSatisfy(span -> assertThat(span.getAttributes().get(OUTPUT)).isNotNull());
    assertThat(toOther).hasSize(2);
    assertThat(toOther).allSatisfy(span -> assertThat(span.getAttributes().get(INPUT_MESSAGES)).isNull());
    assertThat(toOther).allSatisfy(span -> assertThat(span.getAttributes().get(OUTPUT)).isNull());
  }

  @Test
  void aProcessorThatIsNotInThePipelineNeverTakesContentAway() {
    HoneyHiveExport.DeferredContent deferred = HoneyHiveExport.deferredContent(honeyHive, null);
    sdk = sdkExportingTo(other);
    deferred.attachTo(sdk);
    tracer = HoneyHiveTracer.builder().openTelemetry(sdk).project("p").environment(name -> null).build();

    for (int i = 0; i < 3; i++) {
      model().chat(question("call " + i));
    }

    assertThat(other.getFinishedSpanItems())
        .hasSize(3)
        .allSatisfy(span -> assertThat(span.getAttributes().get(INPUT_MESSAGES)).isNotNull());
    assertThat(honeyHive.getFinishedSpanItems()).isEmpty();
  }

  private static OpenTelemetrySdk sdkExportingTo(SpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
  }
}
