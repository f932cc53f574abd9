package ai.honeyhive.langchain4j.rag;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import dev.langchain4j.model.moderation.listener.ModerationModelListener;

/**
 * Entry point for tracing moderation models with a {@link HoneyHiveTracer} (LangChain4j 1.12 and
 * later): one span per moderation call, a HoneyHive {@code model} event with the flagged result.
 *
 * <pre>{@code
 * ModerationModel moderation = OpenAiModerationModel.builder()
 *     ...
 *     .listeners(List.of(ModerationTelemetry.create(tracer).moderationModelListener()))
 *     .build();
 * }</pre>
 *
 * <p>Apart from {@link RagTelemetry} because its listener type came one release later. Instances
 * are thread-safe.
 */
public final class ModerationTelemetry {

  /** Typed {@code Object}: assigning the listener to its own type would load it while this class is verified, before {@link #create} can say what is missing. */
  private final Object listener;

  private ModerationTelemetry(Instrumentation instrumentation) {
    this.listener = new ModerationListener(instrumentation);
  }

  /**
   * The moderation tracing of {@code tracer}: the same instance for the same tracer.
   *
   * @param tracer the tracer whose spans, session and enrichment these spans share
   * @return the tracer's instance; the same on every call
   * @throws NullPointerException if {@code tracer} is null
   * @throws IllegalStateException if the application's LangChain4j is older than 1.12
   */
  public static ModerationTelemetry create(HoneyHiveTracer tracer) {
    Instrumentation instrumentation = TracerAccess.instrumentation(tracer);
    if (!LangChain4jFeatures.MODERATION_LISTENER) {
      throw new IllegalStateException(
          "ModerationTelemetry needs LangChain4j 1.12 or later (its moderation-model listener); this"
              + " application has " + LangChain4jFeatures.VERSION);
    }
    return instrumentation.module(ModerationTelemetry.class, ModerationTelemetry::new);
  }

  /**
   * Moderation spans; for a moderation model's {@code listeners(...)}.
   *
   * @return this instance's listener; the same on every call
   */
  public ModerationModelListener moderationModelListener() {
    return (ModerationModelListener) listener;
  }
}
