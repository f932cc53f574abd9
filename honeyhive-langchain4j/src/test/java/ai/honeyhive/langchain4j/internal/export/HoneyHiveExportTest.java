package ai.honeyhive.langchain4j.internal.export;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HoneyHiveExportTest {

  private static final String API_KEY = "hh-secret-key-77aa";

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static SpanData span() {
    return TestSpanData.builder()
        .setName("chat gpt-4o-mini")
        .setKind(SpanKind.CLIENT)
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setStartEpochNanos(1_000_000_000L)
        .setEndEpochNanos(2_000_000_000L)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  @Test
  void exportToA500GivesAFailedResultCodeNotAnException() {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(500)));
    SpanExporter exporter =
        HoneyHiveExport.spanExporter(honeyHive.baseUrl(), API_KEY, "dev", "test");

    CompletableResultCode result = exporter.export(List.of(span()));

    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
    exporter.shutdown();
  }

  @Test
  void exportToARefusedConnectionGivesAFailedResultCode() {
    SpanExporter exporter = HoneyHiveExport.spanExporter("http://127.0.0.1:9", API_KEY, "dev", "test");

    CompletableResultCode result = exporter.export(List.of(span()));

    assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
    exporter.shutdown();
  }

  @Test
  void exporterStringHidesTheApiKey() {
    SpanExporter exporter =
        HoneyHiveExport.spanExporter(honeyHive.baseUrl(), API_KEY, "dev", "test");
    HoneyHiveExport export = HoneyHiveExport.create(exporter, "svc");

    assertThat(exporter.toString()).doesNotContain(API_KEY).contains("OBFUSCATED");
    assertThat(export.toString()).doesNotContain(API_KEY).contains("OBFUSCATED");
    export.shutdown(HoneyHiveExport.EXPORT_TIMEOUT);
  }

  @Test
  void everyFlushWaitsForItsOwnSpansEvenRightAfterAnotherFlush() {
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter memory =
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    HoneyHiveExport export = HoneyHiveExport.create(memory, "svc");
    for (int i = 1; i <= 300; i++) {
      export.openTelemetry().getTracer("t").spanBuilder("s" + i).startSpan().end();

      assertThat(export.flush(HoneyHiveExport.EXPORT_TIMEOUT)).isTrue();
      assertThat(export.exportedSpans()).as("after flush %d", i).isEqualTo(i);
    }
    export.shutdown(HoneyHiveExport.EXPORT_TIMEOUT);
  }

  @Test
  void countsExportedAndFailedSpans() {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(200)));
    HoneyHiveExport export =
        HoneyHiveExport.create(
            HoneyHiveExport.spanExporter(honeyHive.baseUrl(), API_KEY, "dev", "test"), "svc");
    export.openTelemetry().getTracer("t").spanBuilder("one").startSpan().end();
    export.openTelemetry().getTracer("t").spanBuilder("two").startSpan().end();

    assertThat(export.flush(HoneyHiveExport.EXPORT_TIMEOUT)).isTrue();
    assertThat(export.exportedSpans()).isEqualTo(2);
    assertThat(export.failedSpans()).isZero();

    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(500)));
    export.openTelemetry().getTracer("t").spanBuilder("three").startSpan().end();

    assertThat(export.flush(HoneyHiveExport.EXPORT_TIMEOUT)).isFalse();
    assertThat(export.failedSpans()).isEqualTo(1);
    export.shutdown(HoneyHiveExport.EXPORT_TIMEOUT);
  }
}
