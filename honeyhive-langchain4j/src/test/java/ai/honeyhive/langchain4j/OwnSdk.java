package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import java.util.function.Consumer;

/** Tracers on the SDK the tracer creates for itself, with its export swapped for a test's. */
final class OwnSdk {

  /** A tracer whose own SDK exports through {@code export}; {@code options} may adjust the rest. */
  static HoneyHiveTracer tracer(
      HoneyHiveExport export, String sessionId, String project, Consumer<TracerConfig> options) {
    TracerConfig config = new TracerConfig();
    config.openTelemetry = export.openTelemetry();
    config.export = export;
    config.sessionId = sessionId;
    config.project = project;
    options.accept(config);
    return new HoneyHiveTracer(config);
  }

  /** The same, with every other option at its default. */
  static HoneyHiveTracer tracer(HoneyHiveExport export, String sessionId, String project) {
    return tracer(export, sessionId, project, config -> {});
  }

  private OwnSdk() {}
}
