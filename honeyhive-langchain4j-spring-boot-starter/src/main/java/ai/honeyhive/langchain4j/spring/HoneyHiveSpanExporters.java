package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTracerBuilder;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The OTLP exporter to HoneyHive, for an application's own OpenTelemetry SDK. */
final class HoneyHiveSpanExporters {

  static SpanExporter create(Settings settings, boolean gzip) {
    return HoneyHiveExport.spanExporter(
        settings.serverUrl != null ? settings.serverUrl : HoneyHiveTracerBuilder.DEFAULT_SERVER_URL,
        settings.apiKey,
        settings.source != null ? settings.source : HoneyHiveTracerBuilder.DEFAULT_SOURCE,
        libraryVersion(),
        gzip);
  }

  /** Reports failed exports (a wrong key, an unreachable server) as the tracer's own export does. */
  static HoneyHiveExport.ExportHealthSpec health(Settings settings) {
    return new HoneyHiveExport.ExportHealthSpec(
        settings.serverUrl != null ? settings.serverUrl : HoneyHiveTracerBuilder.DEFAULT_SERVER_URL,
        settings.apiKey,
        settings.source != null ? settings.source : HoneyHiveTracerBuilder.DEFAULT_SOURCE,
        settings.project);
  }

  /** The console view: each trace printed as a tree to standard output. */
  static SpanExporter console() {
    return HoneyHiveExport.consoleSpanExporter(System.out);
  }

  /** The library's version, as its own export reports it. */
  static String libraryVersion() {
    try (InputStream in =
        HoneyHiveTracerBuilder.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException | RuntimeException e) {
      // the header only says which client sent the spans
    }
    return "unknown";
  }

  private HoneyHiveSpanExporters() {}
}
