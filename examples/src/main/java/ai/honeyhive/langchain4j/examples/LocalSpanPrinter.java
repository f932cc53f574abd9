package ai.honeyhive.langchain4j.examples;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Without HoneyHive credentials, the demo records spans into this local SDK and prints each one: the
 * attributes HoneyHive would receive.
 */
final class LocalSpanPrinter implements SpanExporter {

  static OpenTelemetry sdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new LocalSpanPrinter()))
                .build())
        .build();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      long micros = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000;
      System.out.printf("%n  span: %s (%s, %.1f ms)%n", span.getName(), span.getKind(), micros / 1000.0);
      Map<String, Object> sorted = new TreeMap<>();
      span.getAttributes().forEach((AttributeKey<?> k, Object v) -> sorted.put(k.getKey(), v));
      sorted.forEach((k, v) -> System.out.printf("    %-48s %s%n", k, abbreviate(String.valueOf(v))));
    }
    return CompletableResultCode.ofSuccess();
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 97) + "...";
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
