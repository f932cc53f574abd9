package ai.honeyhive.langchain4j.internal.content;

import ai.honeyhive.langchain4j.internal.content.EnrichmentValues.Leaf;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import java.io.IOException;
import java.util.List;

/** Puts arbitrary values (arguments, results) on spans as flattened, typed attributes. */
/** Internal: not part of the public API; may change at any time. */
public final class Values {

  /**
   * Flattens the JSON text {@code json} under {@code prefix} (which ends with a dot); text that is
   * not a JSON object goes under {@code prefix + "arguments"} as is.
   */
  public static void flattenJsonInto(SpanBuilder span, String prefix, String json, ContentFilter f) {
    JsonNode node;
    try {
      node = MessageContent.MAPPER.readTree(json);
    } catch (IOException notJson) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      span.setAttribute(prefix + "arguments", f.apply(json));
      return;
    }
    for (Leaf leaf : EnrichmentValues.leaves(prefix.substring(0, prefix.length() - 1), node, false)) {
      set(span, leaf, f);
    }
  }

  /**
   * Snapshots {@code value} and sets its leaves under {@code name} (dotted for maps and lists). A
   * leaf under a secret-sounding key ({@code password}, {@code apiKey}, ...) is recorded as {@code
   * [REDACTED]} when the filter redacts secrets.
   */
  public static void put(SpanBuilder span, String name, Object value, ContentFilter f) {
    if (value instanceof String) {
      // The common case (an AI-service method taking a message): no snapshot, no leaf list.
      span.setAttribute(name, secret(name, f) ? SecretKeys.REDACTED : f.apply((String) value));
      return;
    }
    Object scalar = scalar(value);
    if (scalar != null) {
      Object v = secret(name, f) ? SecretKeys.REDACTED : scalar;
      span.setAttribute(anyKey(EnrichmentValues.keyFor(name, v)), v);
      return;
    }
    for (Leaf leaf : leaves(name, value, f)) {
      set(span, leaf, f);
    }
  }

  /**
   * A number or boolean as the attribute value the snapshot would give it (whole numbers as long,
   * finite fractions as double, NaN and infinities as text), without the snapshot; null for any
   * other value.
   */
  private static Object scalar(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? (Object) d : Double.toString(d);
    }
    if (value instanceof Boolean) {
      return value;
    }
    return null;
  }

  /**
   * Whether each attribute name seen is secret: names are few (one per parameter or key), and
   * deciding splits the name into words, which would allocate on every call.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> SECRET_NAMES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_REMEMBERED_NAMES = 4096;

  private static boolean secret(String name, ContentFilter f) {
    if (!f.redactsSecrets()) {
      return false;
    }
    Boolean known = SECRET_NAMES.get(name);
    if (known != null) {
      return known;
    }
    boolean secret = SecretKeys.isSecret(name);
    if (SECRET_NAMES.size() < MAX_REMEMBERED_NAMES) {
      SECRET_NAMES.put(name, secret);
    }
    return secret;
  }

  private static void set(SpanBuilder span, Leaf leaf, ContentFilter f) {
    if (leaf.secret && f.redactsSecrets()) {
      span.setAttribute(leaf.name, SecretKeys.REDACTED);
    } else if (leaf.value instanceof String) {
      span.setAttribute(leaf.name, f.apply((String) leaf.value));
    } else {
      span.setAttribute(anyKey(leaf.key), leaf.value);
    }
  }

  /** As {@link #put(SpanBuilder, String, Object, ContentFilter)}, on a started span. */
  public static void put(Span span, String name, Object value, ContentFilter f) {
    if (value instanceof String) {
      span.setAttribute(name, secret(name, f) ? SecretKeys.REDACTED : f.apply((String) value));
      return;
    }
    Object scalar = scalar(value);
    if (scalar != null) {
      Object v = secret(name, f) ? SecretKeys.REDACTED : scalar;
      span.setAttribute(anyKey(EnrichmentValues.keyFor(name, v)), v);
      return;
    }
    for (Leaf leaf : leaves(name, value, f)) {
      if (leaf.secret && f.redactsSecrets()) {
        span.setAttribute(leaf.name, SecretKeys.REDACTED);
      } else if (leaf.value instanceof String) {
        span.setAttribute(leaf.name, f.apply((String) leaf.value));
      } else {
        span.setAttribute(anyKey(leaf.key), leaf.value);
      }
    }
  }

  private static List<Leaf> leaves(String name, Object value, ContentFilter f) {
    return EnrichmentValues.leaves(name, EnrichmentValues.snapshot(value), secret(name, f));
  }

  /** Keys are made by {@code keyFor} from the value's own type, so the cast is sound. */
  @SuppressWarnings("unchecked")
  private static AttributeKey<Object> anyKey(AttributeKey<?> key) {
    return (AttributeKey<Object>) key;
  }

  private Values() {}
}
