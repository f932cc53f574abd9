package ai.honeyhive.langchain4j.internal;

import java.util.Objects;
import java.util.function.Function;

/**
 * How an optional module's entry point ({@code RagTelemetry}, {@code AgentTelemetry}, {@code
 * McpTelemetry}) reaches the instrumentation of the {@code HoneyHiveTracer} it is given, without a
 * public accessor on the tracer. The tracer installs the accessor when its class initialises, which
 * has happened by the time anyone holds a tracer.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class TracerAccess {

  private static volatile Function<Object, Instrumentation> accessor;

  /** Called once, by {@code HoneyHiveTracer}'s static initialiser. */
  public static void install(Function<Object, Instrumentation> instrumentationOf) {
    accessor = instrumentationOf;
  }

  /** The instrumentation of {@code tracer}, a {@code HoneyHiveTracer}. */
  public static Instrumentation instrumentation(Object tracer) {
    Objects.requireNonNull(tracer, "tracer");
    return accessor.apply(tracer);
  }

  private TracerAccess() {}
}
