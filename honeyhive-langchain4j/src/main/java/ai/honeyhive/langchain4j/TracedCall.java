package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.TracedInvocation;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A function call to trace, HoneyHive's {@code @trace} in Java: made by {@link
 * HoneyHiveTracer#trace(String)}, given an event type and named inputs, then run with {@link
 * #call} or {@link #run}.
 *
 * <pre>{@code
 * String verdict = tracer.trace("score-answer")
 *     .eventType(EventType.TOOL)
 *     .input("answer", answer)
 *     .call(() -> scorer.score(answer));
 * }</pre>
 *
 * <p>Each {@code call} or {@code run} is one span named as given, nested under the current span, a
 * HoneyHive event of the given type (default {@link EventType#CHAIN chain}) with {@code
 * honeyhive_event_name}, the inputs as {@code honeyhive_inputs.<name>}, the return value as {@code
 * honeyhive_outputs.result}, and {@code honeyhive_duration_ms}. Inputs and output are captured
 * content: recorded only when content capture is on, redacted and truncated as every captured
 * value is (a value under a key such as {@code password} becomes {@code [REDACTED]}); maps, lists
 * and objects are flattened into dotted keys. While the function runs its span is current, so
 * model, tool and AI-service spans made inside nest beneath it and {@link
 * HoneyHiveTracer#enrichSpan(EnrichmentContext)} reaches it.
 *
 * <p>The function's return value and exception reach the caller unchanged: the same instances,
 * checked exceptions included, with the span marked failed ({@code honeyhive_error}, {@code
 * honeyhive_error_type}, status {@code ERROR}). A {@code CompletionStage} result ends the span when
 * it completes, with its value as the output or its failure as the error. Tracing never throws into
 * the call: a fault of ours is logged once and the function runs untraced.
 *
 * <p>Configure it, then call it; it may be called more than once (each call is a new span), but is
 * not safe for configuring from several threads at once.
 */
public final class TracedCall {

  /**
   * A function that returns a value and may throw {@code E}, for {@link #call}.
   *
   * @param <T> the result type
   * @param <E> the exception type it may throw; {@code RuntimeException} when it throws none
   */
  @FunctionalInterface
  public interface ThrowingSupplier<T, E extends Throwable> {
    /**
     * Runs the function.
     *
     * @return its result
     * @throws E whatever the function throws
     */
    T get() throws E;
  }

  /**
   * A function that returns nothing and may throw {@code E}, for {@link #run}.
   *
   * @param <E> the exception type it may throw; {@code RuntimeException} when it throws none
   */
  @FunctionalInterface
  public interface ThrowingRunnable<E extends Throwable> {
    /**
     * Runs the function.
     *
     * @throws E whatever the function throws
     */
    void run() throws E;
  }

  private final Instrumentation instrumentation;
  private final Enricher enricher;
  private final String name;
  private EventType eventType = EventType.CHAIN;
  private final List<String> inputNames = new ArrayList<>(4);
  private final List<String> inputKeys = new ArrayList<>(4);
  private final List<Object> inputValues = new ArrayList<>(4);
  private EnrichmentContext enrichment;

  TracedCall(Instrumentation instrumentation, Enricher enricher, String name) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("trace(name): name must not be blank");
    }
    this.instrumentation = instrumentation;
    this.enricher = enricher;
    this.name = name;
  }

  /**
   * Sets the HoneyHive event type. If unset, defaults to {@link EventType#CHAIN}.
   *
   * @param eventType {@code CHAIN} for a step that contains others, {@code TOOL} for one step with
   *     parameters and a result, {@code MODEL} for a model call
   * @return this
   * @throws NullPointerException if {@code eventType} is null
   */
  public TracedCall eventType(EventType eventType) {
    if (eventType == null) {
      throw new NullPointerException("eventType");
    }
    this.eventType = eventType;
    return this;
  }

  /**
   * Adds an input, recorded as {@code honeyhive_inputs.<name>} (content capture permitting). A
   * null value is not recorded.
   *
   * @param name the input's name, as the function's parameter is called
   * @param value its value: text, a number, a boolean, a map, a list or any object (flattened as
   *     enrichment values are)
   * @return this
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public TracedCall input(String name, Object value) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("input name must not be blank");
    }
    inputNames.add(name);
    inputKeys.add(TracedInvocation.inputKey(name));
    inputValues.add(value);
    return this;
  }

  /**
   * Adds every entry of {@code inputs} as by {@link #input(String, Object)}, in the map's order.
   *
   * @param inputs names and values
   * @return this
   * @throws NullPointerException if {@code inputs} or one of its keys is null
   * @throws IllegalArgumentException if a key is blank
   */
  public TracedCall inputs(Map<String, ?> inputs) {
    if (inputs == null) {
      throw new NullPointerException("inputs");
    }
    inputs.forEach(this::input);
    return this;
  }

  /**
   * Sets enrichment put on the span when it starts (metadata, metrics, config, ...), like the
   * arguments of HoneyHive's {@code @trace(metadata=..., config=...)}. Values set inside the
   * function with {@link HoneyHiveTracer#enrichSpan(EnrichmentContext)} come later and win.
   *
   * @param enrichment the values to add
   * @return this
   * @throws NullPointerException if {@code enrichment} is null
   */
  public TracedCall enrichment(EnrichmentContext enrichment) {
    if (enrichment == null) {
      throw new NullPointerException("enrichment");
    }
    this.enrichment = enrichment;
    return this;
  }

  /**
   * Runs {@code function} as a traced call and returns its result.
   *
   * @param <T> the result type
   * @param <E> the exception type {@code function} may throw
   * @param function the code to run
   * @return what {@code function} returned, the same instance
   * @throws E what {@code function} threw, the same instance
   * @throws NullPointerException if {@code function} is null
   */
  public <T, E extends Throwable> T call(ThrowingSupplier<T, E> function) throws E {
    if (function == null) {
      throw new NullPointerException("function");
    }
    TracedInvocation invocation = start();
    if (invocation == null) {
      return function.get();
    }
    T result;
    try (Scope ignored = invocation.context().makeCurrent()) {
      result = function.get();
    } catch (Throwable error) {
      invocation.failed(error);
      throw error;
    }
    return invocation.returned(result);
  }

  /**
   * Runs {@code function} as a traced call that returns nothing.
   *
   * @param <E> the exception type {@code function} may throw
   * @param function the code to run
   * @throws E what {@code function} threw, the same instance
   * @throws NullPointerException if {@code function} is null
   */
  public <E extends Throwable> void run(ThrowingRunnable<E> function) throws E {
    if (function == null) {
      throw new NullPointerException("function");
    }
    TracedInvocation invocation = start();
    if (invocation == null) {
      function.run();
      return;
    }
    try (Scope ignored = invocation.context().makeCurrent()) {
      function.run();
    } catch (Throwable error) {
      invocation.failed(error);
      throw error;
    }
    invocation.succeeded(null, false);
  }

  private TracedInvocation start() {
    TracedInvocation invocation =
        TracedInvocation.start(
            instrumentation,
            name,
            eventType.value(),
            inputKeys.toArray(new String[0]),
            inputValues.toArray());
    if (invocation != null && enrichment != null) {
      try {
        enricher.apply(invocation.span(), enrichment);
      } catch (Throwable t) {
        instrumentation.failures.record("trace enrichment", t);
      }
    }
    return invocation;
  }

  /**
   * Describes the call, without its input values.
   *
   * @return for example {@code TracedCall{name=score-answer, eventType=TOOL, inputs=[answer]}}
   */
  @Override
  public String toString() {
    return "TracedCall{name=" + name + ", eventType=" + eventType + ", inputs=" + inputNames + "}";
  }
}
