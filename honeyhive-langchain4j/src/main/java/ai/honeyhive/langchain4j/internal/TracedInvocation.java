package ai.honeyhive.langchain4j.internal;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_DURATION_MS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.content.Values;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One traced call of a user's function (HoneyHive's {@code @trace}): a span named after the
 * function, its inputs, its result as {@code honeyhive_outputs.result}, its duration and its error.
 * Shared by the public {@code TracedCall} and by framework integrations (the Spring starter's
 * aspect), which decide when the call ends: now, when a {@code CompletionStage} completes, or when a
 * reactive stream terminates. Ends exactly once; never throws.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class TracedInvocation {

  static final String RESULT = HONEYHIVE_OUTPUTS_PREFIX + "result";
  private static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("honeyhive_metadata.cancelled");

  private final Instrumentation instrumentation;
  private final Span span;
  private final Context context;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();

  private TracedInvocation(Instrumentation instrumentation, Span span, Context context) {
    this.instrumentation = instrumentation;
    this.span = span;
    this.context = context;
    this.startNanos = System.nanoTime();
  }

  /**
   * Starts the span under the current context, with {@code inputValues[i]} under the attribute name
   * {@code inputKeys[i]}, made by {@link #inputKey} (content capture permitting; null values and
   * null keys skipped).
   * Returns null on an internal fault (counted and logged once): the caller then runs the function
   * untraced.
   */
  public static TracedInvocation start(
      Instrumentation instrumentation, String name, String eventType, String[] inputKeys, Object[] inputValues) {
    try {
      Context parent = Context.current();
      Span span =
          instrumentation
              .spanBuilder(name, SpanKind.INTERNAL, parent, eventType, false)
              .setAttribute(HONEYHIVE_EVENT_NAME, name)
              .startSpan();
      TracedInvocation invocation = new TracedInvocation(instrumentation, span, parent.with(span));
      if (instrumentation.captureContent && inputKeys != null) {
        for (int i = 0; i < inputKeys.length; i++) {
          invocation.input(inputKeys[i], inputValues[i]);
        }
      }
      return invocation;
    } catch (Throwable t) {
      instrumentation.failures.record("trace " + name, t);
      return null;
    }
  }

  /** The attribute name of input {@code name}: {@code honeyhive_inputs.<name>}. */
  public static String inputKey(String name) {
    return HONEYHIVE_INPUTS_PREFIX + name;
  }

  private void input(String key, Object value) {
    if (key == null || value == null) {
      return;
    }
    try {
      Values.put(span, key, value, instrumentation.content);
    } catch (Throwable t) {
      instrumentation.failures.record("trace input " + key, t);
    }
  }

  /** The span's context: make it current while the function runs, so its spans nest below. */
  public Context context() {
    return context;
  }

  /** The span, for enrichment the caller adds before the function runs. */
  public Span span() {
    return span;
  }

  /** Ends the call with {@code result} as its output ({@code void} functions pass {@code hasResult=false}). */
  public void succeeded(Object result, boolean hasResult) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      if (hasResult && result != null && instrumentation.captureContent) {
        Values.put(span, RESULT, result, instrumentation.content);
      }
    } catch (Throwable t) {
      instrumentation.failures.record("trace output", t);
    } finally {
      end();
    }
  }

  /** Ends the call as failed with {@code error}. */
  public void failed(Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      Instrumentation.recordError(span, error);
    } catch (Throwable t) {
      instrumentation.failures.record("trace error", t);
    } finally {
      end();
    }
  }

  /**
   * Ends the call with what the function returned: at once, or, for a {@code CompletionStage}, when
   * it completes (its value as the output, its failure as the error). Returns {@code result}
   * itself, so the caller's outcome is unchanged.
   */
  public <T> T returned(T result) {
    if (result instanceof CompletionStage) {
      try {
        ((CompletionStage<?>) result).whenComplete((value, error) -> completed(value, error));
      } catch (Throwable t) {
        instrumentation.failures.record("trace completion", t);
        succeeded(null, false);
      }
      return result;
    }
    succeeded(result, true);
    return result;
  }

  private void completed(Object value, Throwable error) {
    if (error == null) {
      succeeded(value, true);
      return;
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    failed(cause);
  }

  /**
   * Ends the call whose subscriber cancelled (a reactive stream cut short, such as {@code take(3)}):
   * not an error of the function; {@code honeyhive_metadata.cancelled = true} says what happened.
   */
  public void cancelled() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      span.setAttribute(CANCELLED, true);
    } finally {
      end();
    }
  }

  private void end() {
    try {
      span.setAttribute(HONEYHIVE_DURATION_MS, (System.nanoTime() - startNanos) / 1_000_000.0);
    } finally {
      span.end();
    }
  }
}
