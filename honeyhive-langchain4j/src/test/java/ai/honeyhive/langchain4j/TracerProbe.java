package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.TracerAccess;

/** What tests read of a tracer's inside, through the same door the optional modules use. */
final class TracerProbe {

  static Instrumentation instrumentation(HoneyHiveTracer tracer) {
    return TracerAccess.instrumentation(tracer);
  }

  /** Faults in our own instrumentation code (never the user's). */
  static long internalFailureCount(HoneyHiveTracer tracer) {
    return instrumentation(tracer).failures.count();
  }

  /** Captured texts cut at the content limit. */
  static long contentTruncations(HoneyHiveTracer tracer) {
    return instrumentation(tracer).content.truncated();
  }

  private TracerProbe() {}
}
