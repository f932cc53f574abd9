package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.Namespace;
import ai.honeyhive.langchain4j.internal.SessionAttributes;
import ai.honeyhive.langchain4j.internal.SessionIds;
import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.content.EnrichmentValues;
import ai.honeyhive.langchain4j.internal.content.EnrichmentValues.Leaf;
import ai.honeyhive.langchain4j.internal.content.SecretKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;
import io.opentelemetry.context.Scope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * What a request or session is about, attached to the spans it produces: user properties,
 * metadata, metrics, feedback, config, an A/B variant and, optionally, the session it belongs to.
 *
 * <p>An immutable value, built once and made current for a block of code, the way OpenTelemetry's
 * {@code Baggage} is:
 *
 * <pre>{@code
 * EnrichmentContext ctx = EnrichmentContext.builder()
 *     .userProperty("user_id", "user_123")
 *     .metadata("feature", "chat")
 *     .abVariant("B")
 *     .build();
 * try (Scope ignored = ctx.makeCurrent()) {
 *   assistant.chat("Hello");   // every span inside carries the values above
 * }
 * }</pre>
 *
 * <p>Contexts nest: an inner context is merged over the outer one key by key (top-level keys of each
 * namespace), and closing the inner scope restores the outer. The context follows OpenTelemetry's
 * {@link Context}, so it crosses threads with {@link #wrap(Runnable)}, {@link Context#wrap}, and
 * LangChain4j's streaming callbacks. The session id, and the keys named in {@link
 * Builder#propagate(String...)}, also ride in W3C baggage to the services this one calls.
 *
 * <p>Inputs, outputs and an error ({@link Builder#input}, {@link Builder#output}, {@link
 * Builder#error(String)}) describe one event: under a current context they go only on AI-service
 * ({@code chain}) spans, never on the model, tool or retrieval spans beneath them, and the call's own
 * arguments, result and error win on the same key. {@link HoneyHiveTracer#enrichSpan} puts them on
 * the current span. Session-level values ({@link HoneyHiveTracer#enrichSession}) go to HoneyHive's
 * session record, not onto spans.
 *
 * <p>Values are copied when the context is built: later changes to a map or list passed in are not
 * seen. Nested maps and lists become dotted keys ({@code honeyhive_metadata.user.tier}, {@code
 * honeyhive_metadata.tags.0}); other objects become one JSON string; cyclic structures and objects
 * that cannot be serialized become a short placeholder string, never an exception.
 */
public final class EnrichmentContext implements ImplicitContextKeyed {

  private static final ContextKey<EnrichmentContext> KEY =
      ContextKey.named("ai.honeyhive.langchain4j.enrichment");

  private static final EnrichmentContext EMPTY =
      new EnrichmentContext(Collections.emptyMap(), null, Collections.emptySet(), null);

  /** Longest value put into W3C baggage, in characters; baggage travels in every request header. */
  static final int MAX_BAGGAGE_VALUE_LENGTH = 256;

  private final Map<String, Field> fields;
  private final String sessionId;
  private final Set<String> propagated;

  /** Every field's leaves in field order, flattened once: a span's enrichment is one array walk. */
  private final Leaf[] leaves;

  /** The leaves without inputs, outputs and error: what every span under the context carries. */
  private final Leaf[] sharedLeaves;

  /** The event id to give the first span started under this context, or null. */
  private final EventIdClaim eventId;

  private EnrichmentContext(
      Map<String, Field> fields, String sessionId, Set<String> propagated, EventIdClaim eventId) {
    this.fields = fields;
    this.sessionId = sessionId;
    this.propagated = propagated;
    this.eventId = eventId;
    int n = 0;
    int shared = 0;
    for (Field field : fields.values()) {
      n += field.leaves.size();
      if (!field.namespace.eventOwn) {
        shared += field.leaves.size();
      }
    }
    Leaf[] all = new Leaf[n];
    Leaf[] common = shared == n ? all : new Leaf[shared];
    int i = 0;
    int j = 0;
    for (Field field : fields.values()) {
      for (Leaf leaf : field.leaves) {
        all[i++] = leaf;
        if (common != all && !field.namespace.eventOwn) {
          common[j++] = leaf;
        }
      }
    }
    this.leaves = all;
    this.sharedLeaves = common;
  }

  /**
   * An event id and whether a span has taken it. Shared by every context merged from the one that
   * set it, so exactly one span gets the id however the context is nested or copied.
   */
  static final class EventIdClaim {
    final String id;
    private final java.util.concurrent.atomic.AtomicBoolean taken =
        new java.util.concurrent.atomic.AtomicBoolean();

    EventIdClaim(String id) {
      this.id = id;
    }

    /** True for the first caller only. */
    boolean take() {
      return !taken.get() && taken.compareAndSet(false, true);
    }
  }

  /** One top-level key of one namespace, with its snapshot and its flattened leaves. */
  static final class Field {
    final Namespace namespace;
    final String key;
    final JsonNode value;
    final List<Leaf> leaves;

    Field(Namespace namespace, String key, JsonNode value) {
      this.namespace = namespace;
      this.key = key;
      this.value = value;
      this.leaves =
          List.copyOf(EnrichmentValues.leaves(namespace.prefix + key, value, SecretKeys.isSecret(key)));
    }
  }

  /**
   * Returns a new builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the empty context.
   *
   * @return the shared context with no values, session id or event id
   */
  public static EnrichmentContext empty() {
    return EMPTY;
  }

  /**
   * Returns the context current on this thread, or the empty context; never null.
   *
   * @return the current enrichment, with any enclosing contexts already merged in
   */
  public static EnrichmentContext current() {
    return fromContext(Context.current());
  }

  /**
   * Returns the context stored in {@code context}, or the empty context; never null.
   *
   * @param context an OpenTelemetry context; null gives the empty context
   * @return the enrichment stored in {@code context}, with enclosing contexts merged in
   */
  public static EnrichmentContext fromContext(Context context) {
    EnrichmentContext value = context == null ? null : context.get(KEY);
    return value == null ? EMPTY : value;
  }

  static EnrichmentContext fromContextOrNull(Context context) {
    return context.get(KEY);
  }

  /**
   * True when this context holds no values, no session id and no event id.
   *
   * @return whether this context would add nothing to a span; keys to propagate do not count
   */
  public boolean isEmpty() {
    return fields.isEmpty() && sessionId == null && eventId == null;
  }

  /**
   * The event id set with {@link Builder#eventId(String)}, as a lowercase UUID, or null.
   *
   * @return the event id, or null if none was set
   */
  public String eventId() {
    return eventId == null ? null : eventId.id;
  }

  /** The event-id claim, or null; a span that takes it carries {@code honeyhive_event_id}. */
  EventIdClaim eventIdClaim() {
    return eventId;
  }

  /**
   * The session id set with {@link Builder#sessionId(String)}, as a lowercase UUID, or null.
   *
   * @return the mapped session id, or null if none was set
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Stores this context in {@code context}, merged over the enrichment already there, and puts the
   * session id and propagated keys into its W3C baggage. Prefer {@link #makeCurrent()}.
   */
  @Override
  public Context storeInContext(Context context) {
    EnrichmentContext outer = context.get(KEY);
    EnrichmentContext merged = outer == null ? this : outer.mergedWith(this);
    Context result = context.with(KEY, merged);
    if (sessionId == null && propagated.isEmpty()) {
      return result;
    }
    BaggageBuilder baggage = Baggage.fromContext(context).toBuilder();
    if (merged.sessionId != null) {
      baggage.put(SessionAttributes.BAGGAGE_SESSION_ID, merged.sessionId);
    }
    for (Field field : merged.fields.values()) {
      if (merged.propagated.contains(field.key) && !field.namespace.eventOwn) {
        for (Leaf leaf : field.leaves) {
          if (!leaf.secret) {
            baggage.put(leaf.name, ContentFilter.truncate(String.valueOf(leaf.value), MAX_BAGGAGE_VALUE_LENGTH));
          }
        }
      }
    }
    return result.with(baggage.build());
  }

  /**
   * Makes this context current until the returned scope is closed; use try-with-resources. Inherited
   * from {@link ImplicitContextKeyed}, restated here for discoverability.
   */
  @Override
  public Scope makeCurrent() {
    return ImplicitContextKeyed.super.makeCurrent();
  }

  /**
   * Runs {@code task} with this context current.
   *
   * @param task the code to run; its exceptions pass through unchanged
   * @throws NullPointerException if {@code task} is null
   */
  public void run(Runnable task) {
    Objects.requireNonNull(task, "task");
    try (Scope ignored = makeCurrent()) {
      task.run();
    }
  }

  /**
   * Calls {@code task} with this context current; its result and exceptions pass through unchanged.
   *
   * @param <T> the task's result type
   * @param task the code to call
   * @return what {@code task} returned
   * @throws Exception whatever {@code task} throws
   * @throws NullPointerException if {@code task} is null
   */
  public <T> T call(Callable<T> task) throws Exception {
    Objects.requireNonNull(task, "task");
    try (Scope ignored = makeCurrent()) {
      return task.call();
    }
  }

  /**
   * Wraps {@code task} to run with the current OpenTelemetry context plus this enrichment, on any
   * thread.
   *
   * @param task the task to wrap
   * @return a new runnable that runs {@code task} under the context captured now
   * @throws NullPointerException if {@code task} is null
   */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return Context.current().with(this).wrap(task);
  }

  /**
   * Wraps {@code task} to run with the current OpenTelemetry context plus this enrichment, on any
   * thread.
   *
   * @param <T> the task's result type
   * @param task the task to wrap
   * @return a new callable that calls {@code task} under the context captured now
   * @throws NullPointerException if {@code task} is null
   */
  public <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return Context.current().with(this).wrap(task);
  }

  /**
   * Wraps {@code executor} so every task it runs sees the OpenTelemetry context current now plus this
   * enrichment.
   *
   * @param executor the executor to run the tasks
   * @return a new executor that hands each task to {@code executor} under the captured context
   * @throws NullPointerException if {@code executor} is null
   */
  public Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return Context.current().with(this).wrap(executor);
  }

  /**
   * Wraps {@code executor} so every task it runs sees the OpenTelemetry context current now plus this
   * enrichment; shutting down the wrapper shuts down {@code executor}.
   *
   * @param executor the executor service to run the tasks
   * @return a new executor service that delegates to {@code executor} under the captured context
   * @throws NullPointerException if {@code executor} is null
   */
  public ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return Context.current().with(this).wrap(executor);
  }

  /** This context with {@code inner}'s values merged over it, key by key. */
  EnrichmentContext mergedWith(EnrichmentContext inner) {
    if (inner == null || inner.isEmpty() && inner.propagated.isEmpty()) {
      return this;
    }
    if (isEmpty() && propagated.isEmpty()) {
      return inner;
    }
    Map<String, Field> merged = new LinkedHashMap<>(fields);
    merged.putAll(inner.fields);
    Set<String> propagate = propagated;
    if (!inner.propagated.isEmpty()) {
      propagate = new LinkedHashSet<>(propagated);
      propagate.addAll(inner.propagated);
      propagate = Collections.unmodifiableSet(propagate);
    }
    return new EnrichmentContext(
        Collections.unmodifiableMap(merged),
        inner.sessionId != null ? inner.sessionId : sessionId,
        propagate,
        inner.eventId != null ? inner.eventId : eventId);
  }

  Iterable<Field> fields() {
    return fields.values();
  }

  /** Every leaf of every field, in order; the array is shared: do not modify. */
  Leaf[] leaves() {
    return leaves;
  }

  /**
   * The leaves for a span started under this context: all of them for an AI-service (chain) span,
   * else all but inputs, outputs and error, which describe one event and must never stand in for a
   * model or tool call's own. The array is shared: do not modify.
   */
  Leaf[] leaves(boolean withEventOwn) {
    return withEventOwn ? leaves : sharedLeaves;
  }

  /** The field that an attribute name belongs to, or null (for baggage de-duplication). */
  boolean owns(String attributeName) {
    for (String name : fields.keySet()) {
      if (attributeName.equals(name)
          || attributeName.startsWith(name) && attributeName.charAt(name.length()) == '.') {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EnrichmentContext)) {
      return false;
    }
    EnrichmentContext that = (EnrichmentContext) o;
    if (!Objects.equals(sessionId, that.sessionId)
        || !Objects.equals(eventId(), that.eventId())
        || !propagated.equals(that.propagated)
        || fields.size() != that.fields.size()) {
      return false;
    }
    for (Map.Entry<String, Field> e : fields.entrySet()) {
      Field other = that.fields.get(e.getKey());
      if (other == null || !other.value.equals(e.getValue().value)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(sessionId, propagated, eventId());
    for (Map.Entry<String, Field> e : fields.entrySet()) {
      h = 31 * h + e.getKey().hashCode() ^ e.getValue().value.hashCode();
    }
    return h;
  }

  /** Lists the flattened values; secrets show as {@code [REDACTED]}, long values are shortened. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EnrichmentContext{");
    String separator = "";
    if (sessionId != null) {
      sb.append("sessionId=").append(sessionId);
      separator = ", ";
    }
    if (eventId != null) {
      sb.append(separator).append("eventId=").append(eventId.id);
      separator = ", ";
    }
    for (Field field : fields.values()) {
      for (Leaf leaf : field.leaves) {
        sb.append(separator).append(leaf.name).append('=');
        sb.append(leaf.secret ? SecretKeys.REDACTED : ContentFilter.truncate(String.valueOf(leaf.value), 100));
        separator = ", ";
      }
    }
    return sb.append('}').toString();
  }

  /**
   * Builds an {@link EnrichmentContext}. Keys are checked as they are added: a null or blank key, a
   * metric that is not a number, or a NaN or infinite metric throws {@link IllegalArgumentException}
   * right there. Null values are allowed and skipped. Adding a key twice keeps the later value.
   */
  public static final class Builder {

    private final Map<String, Object[]> values = new LinkedHashMap<>();
    private String sessionId;
    private String eventId;
    private final Set<String> propagate = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Adds a user property, for example {@code userProperty("user_id", "user_123")}.
     *
     * @param key the property name, for example {@code user_id}
     * @param value the value; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank
     */
    public Builder userProperty(String key, Object value) {
      return put(Namespace.USER_PROPERTIES, key, value);
    }

    /**
     * Adds every entry of {@code properties} as a user property.
     *
     * @param properties names and values; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code properties} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder userProperties(Map<String, ?> properties) {
      return putAll(Namespace.USER_PROPERTIES, properties, "userProperties");
    }

    /**
     * Adds a metadata value; nested maps and lists are allowed, for example {@code metadata("feature",
     * "chat")}.
     *
     * @param key the metadata name, for example {@code feature}
     * @param value the value; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank
     */
    public Builder metadata(String key, Object value) {
      return put(Namespace.METADATA, key, value);
    }

    /**
     * Adds every entry of {@code metadata} as metadata.
     *
     * @param metadata names and values; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code metadata} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder metadata(Map<String, ?> metadata) {
      return putAll(Namespace.METADATA, metadata, "metadata");
    }

    /**
     * Adds a numeric metric, for example {@code metric("score", 0.95)}.
     *
     * @param key the metric name, for example {@code score}
     * @param value the number; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is NaN or infinite, or {@code key} is null
     *     or blank
     */
    public Builder metric(String key, Number value) {
      return put(Namespace.METRICS, key, checkMetric(key, value));
    }

    /**
     * Adds every entry of {@code metrics} as a metric.
     *
     * @param metrics names and numbers; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code metrics} is null
     * @throws IllegalArgumentException if a value is not a number, or is NaN or infinite, or a key
     *     is null or blank
     */
    public Builder metrics(Map<String, ?> metrics) {
      Objects.requireNonNull(metrics, "metrics");
      for (Map.Entry<String, ?> e : metrics.entrySet()) {
        put(Namespace.METRICS, e.getKey(), checkMetric(e.getKey(), e.getValue()));
      }
      return this;
    }

    /**
     * Adds a feedback value, for example {@code feedback("rating", 5)} or a comment.
     *
     * @param key the feedback name, for example {@code rating}
     * @param value the value; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank
     */
    public Builder feedback(String key, Object value) {
      return put(Namespace.FEEDBACK, key, value);
    }

    /**
     * Adds every entry of {@code feedback} as feedback.
     *
     * @param feedback names and values; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code feedback} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder feedback(Map<String, ?> feedback) {
      return putAll(Namespace.FEEDBACK, feedback, "feedback");
    }

    /**
     * Adds a configuration value, for example {@code config("prompt_version", "v7")}.
     *
     * @param key the configuration name, for example {@code prompt_version}
     * @param value the value; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank
     */
    public Builder config(String key, Object value) {
      return put(Namespace.CONFIG, key, value);
    }

    /**
     * Adds every entry of {@code config} as configuration.
     *
     * @param config names and values; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder config(Map<String, ?> config) {
      return putAll(Namespace.CONFIG, config, "config");
    }

    /**
     * Adds an input of the event, as {@code honeyhive_inputs.{key}}, for example {@code
     * input("question", q)}. Inputs, outputs and errors describe one event: see {@link
     * EnrichmentContext} for which spans carry them.
     *
     * @param key the input name, for example {@code question}
     * @param value the value; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank
     */
    public Builder input(String key, Object value) {
      return put(Namespace.INPUTS, key, value);
    }

    /**
     * Adds every entry of {@code inputs} as an input.
     *
     * @param inputs names and values; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code inputs} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder inputs(Map<String, ?> inputs) {
      return putAll(Namespace.INPUTS, inputs, "inputs");
    }

    /**
     * Adds an output of the event, as {@code honeyhive_outputs.{key}}, for example {@code
     * output("answer", a)}.
     *
     * @param key the output name, for example {@code answer}
     * @param value the value; null leaves the key out
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is null or blank
     */
    public Builder output(String key, Object value) {
      return put(Namespace.OUTPUTS, key, value);
    }

    /**
     * Adds every entry of {@code outputs} as an output.
     *
     * @param outputs names and values; a null value leaves its key out
     * @return this builder
     * @throws NullPointerException if {@code outputs} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder outputs(Map<String, ?> outputs) {
      return putAll(Namespace.OUTPUTS, outputs, "outputs");
    }

    /**
     * Records that the event failed, with {@code message} as {@code honeyhive_error}, the field
     * HoneyHive shows as the event's error. No {@code honeyhive_error_type} is sent, as HoneyHive's
     * own {@code enrich_span(error=...)} sends none; {@link #error(Throwable)} sends one. Null
     * clears an error set earlier on this builder.
     *
     * @param message the error message, or null
     * @return this builder
     */
    public Builder error(String message) {
      values.remove(Namespace.ERROR_TYPE.prefix);
      return putRaw(Namespace.ERROR, message);
    }

    /**
     * Records that the event failed with {@code error}: its message (or, without one, its class
     * name) as {@code honeyhive_error} and its simple class name (for example {@code
     * IllegalStateException}, as HoneyHive's Python SDK sends a Python exception's) as {@code
     * honeyhive_error_type}. The stack trace is never sent; with secret redaction on, credentials
     * in the message are redacted as in captured content. Null clears an error set earlier on this
     * builder.
     *
     * @param error the failure, or null; only its class name and message are used
     * @return this builder
     */
    public Builder error(Throwable error) {
      if (error == null) {
        return error((String) null);
      }
      String message;
      try {
        message = error.getMessage();
      } catch (RuntimeException | LinkageError broken) {
        message = null;
      }
      putRaw(Namespace.ERROR, message != null ? message : error.getClass().getName());
      return putRaw(Namespace.ERROR_TYPE, Instrumentation.errorType(error));
    }

    /**
     * Records the A/B variant served, as metadata {@code ab_variant}.
     *
     * @param variant the variant's name, for example {@code B}
     * @return this builder
     * @throws IllegalArgumentException if {@code variant} is null or blank
     */
    public Builder abVariant(String variant) {
      return put(Namespace.METADATA, "ab_variant", requireText(variant, "variant"));
    }

    /**
     * Records the experiment and the variant served, as metadata {@code ab_experiment} and {@code
     * ab_variant}.
     *
     * @param experiment the experiment's name
     * @param variant the variant's name, for example {@code B}
     * @return this builder
     * @throws IllegalArgumentException if {@code experiment} or {@code variant} is null or blank
     */
    public Builder abVariant(String experiment, String variant) {
      put(Namespace.METADATA, "ab_experiment", requireText(experiment, "experiment"));
      return abVariant(variant);
    }

    /**
     * Records the spans made under this context in the session {@code sessionId}, for example one
     * session per web conversation. HoneyHive needs a lowercase UUID: a UUID is lowercased, and
     * any other string (your conversation id) is mapped to a fixed name-based UUID by {@link
     * HoneyHiveTracer#sessionIdFor(String)}, the same in every service. The id also rides in W3C
     * baggage ({@code session_id}); {@link EnrichmentContext#sessionId()} returns the mapped id.
     *
     * @param sessionId a UUID in any case, or any other id such as a conversation id
     * @return this builder
     * @throws IllegalArgumentException if {@code sessionId} is null or blank
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = SessionIds.normalize(requireText(sessionId, "sessionId"));
      return this;
    }

    /**
     * Gives the first span started under this context the HoneyHive event id {@code eventId}
     * ({@code honeyhive_event_id}), so that feedback can reach exactly that event later with
     * {@link HoneyHiveTracer#enrichEvent(String, EnrichmentContext)}. The first span is the
     * outermost one: the AI-service call when the service is decorated, else the first model call.
     * Later spans under the same context keep their own ids. Choose a fresh id per request, for
     * example {@code UUID.randomUUID().toString()}, and return it to your client with the answer.
     *
     * @param eventId a UUID in any case; it is trimmed and lowercased
     * @return this builder
     * @throws IllegalArgumentException if {@code eventId} is not a UUID (HoneyHive's event ids are)
     */
    public Builder eventId(String eventId) {
      if (eventId == null || !SessionIds.isUuid(eventId.trim())) {
        throw new IllegalArgumentException(
            "eventId must be a UUID such as UUID.randomUUID().toString(), but was: " + eventId);
      }
      this.eventId = eventId.trim().toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /**
     * Names keys (of any namespace) whose values also ride in W3C baggage, so services this one calls
     * record them too. Baggage travels in clear text in every outgoing request header: propagate
     * small, non-sensitive values only. Keys that look like secrets are never propagated, and values
     * arrive as strings.
     *
     * @param keys top-level keys as passed to the other methods, for example {@code user_id}
     * @return this builder
     * @throws NullPointerException if {@code keys} is null
     * @throws IllegalArgumentException if a key is null or blank
     */
    public Builder propagate(String... keys) {
      Objects.requireNonNull(keys, "keys");
      for (String key : keys) {
        propagate.add(requireText(key, "key"));
      }
      return this;
    }

    /**
     * Builds the context; values are snapshotted now.
     *
     * @return an immutable context; {@link EnrichmentContext#empty()} if nothing was added
     */
    public EnrichmentContext build() {
      Map<String, Field> fields = new LinkedHashMap<>();
      for (Map.Entry<String, Object[]> e : values.entrySet()) {
        Namespace ns = (Namespace) e.getValue()[0];
        String key = (String) e.getValue()[1];
        JsonNode node = EnrichmentValues.snapshot(e.getValue()[2]);
        if (!node.isNull()) {
          fields.put(e.getKey(), new Field(ns, key, node));
        }
      }
      if (fields.isEmpty() && sessionId == null && eventId == null && propagate.isEmpty()) {
        return EMPTY;
      }
      return new EnrichmentContext(
          Collections.unmodifiableMap(fields),
          sessionId,
          propagate.isEmpty()
              ? Collections.emptySet()
              : Collections.unmodifiableSet(new LinkedHashSet<>(propagate)),
          eventId == null ? null : new EventIdClaim(eventId));
    }

    private Builder put(Namespace ns, String key, Object value) {
      checkKey(key);
      String name = ns.prefix + key;
      values.remove(name);
      values.put(name, new Object[] {ns, key, value});
      return this;
    }

    /** The single-valued namespaces ({@code honeyhive_error}): the attribute name is the prefix. */
    private Builder putRaw(Namespace ns, Object value) {
      values.remove(ns.prefix);
      values.put(ns.prefix, new Object[] {ns, "", value});
      return this;
    }

    private Builder putAll(Namespace ns, Map<String, ?> map, String what) {
      Objects.requireNonNull(map, what);
      List<Map.Entry<String, ?>> entries = new ArrayList<>(map.entrySet());
      for (Map.Entry<String, ?> e : entries) {
        put(ns, e.getKey(), e.getValue());
      }
      return this;
    }

    private static void checkKey(String key) {
      if (key == null) {
        throw new IllegalArgumentException("enrichment key must not be null");
      }
      if (key.isBlank()) {
        throw new IllegalArgumentException("enrichment key must not be blank");
      }
    }

    private static Number checkMetric(String key, Object value) {
      checkKey(key);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Number)) {
        throw new IllegalArgumentException(
            "metric '" + key + "' must be a number, but was a " + value.getClass().getName());
      }
      Number n = (Number) value;
      if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException("metric '" + key + "' must be finite, but was " + n);
      }
      if (!(n instanceof BigDecimal || n instanceof BigInteger) && !Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException("metric '" + key + "' must be finite, but was " + n);
      }
      return n;
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be null or blank");
      }
      return value;
    }
  }
}
