package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Benchmarks only: a tracer that owns its SDK (bounded queue, batch thread, content written at
 * export) but exports into the given exporter instead of to HoneyHive over the network. It lives in
 * the library's package, in the benchmark module, because the library has no public way to swap
 * its exporter, and should not grow one for this.
 */
public final class BenchmarkAccess {

  /** A tracer with the tracer's own export pipeline ending in {@code exporter}. */
  public static HoneyHiveTracer ownExportTracer(SpanExporter exporter, boolean captureContent) {
    HoneyHiveExport export = HoneyHiveExport.create(exporter, "bench");
    TracerConfig config = new TracerConfig();
    config.openTelemetry = export.openTelemetry();
    config.export = export;
    config.sessionId = "3f1c2a7e-0000-4000-8000-000000000001";
    config.project = "bench";
    config.sessionName = "bench";
    config.captureContent = captureContent;
    return new HoneyHiveTracer(config);
  }

  /** Spans the tracer's own export has handed to its exporter successfully. */
  public static long exportedSpans(HoneyHiveTracer tracer) {
    return tracer.export() == null ? 0 : tracer.export().exportedSpans();
  }

  private BenchmarkAccess() {}
}
