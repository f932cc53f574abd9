package ai.honeyhive.langchain4j.internal.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns user values into immutable snapshots (a JSON tree) and flattens them into typed attribute
 * leaves. All of this runs once, when an {@link EnrichmentContext} is built, never per span.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class EnrichmentValues {

  public static final String CYCLE = "[cycle]";
  public static final String TOO_DEEP = "[too deep]";
  public static final int MAX_DEPTH = 32;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One flattened leaf: attribute name, typed key, primitive value, and whether it is a secret. */
  public static final class Leaf {
    public final String name;
    public final AttributeKey<?> key;
    public final Object value;
    public final boolean secret;

    Leaf(String name, Object value, boolean secret) {
      this.name = name;
      this.value = value;
      this.secret = secret;
      this.key = keyFor(name, value);
    }
  }

  public static AttributeKey<?> keyFor(String name, Object value) {
    if (value instanceof Long) {
      return AttributeKey.longKey(name);
    }
    if (value instanceof Double) {
      return AttributeKey.doubleKey(name);
    }
    if (value instanceof Boolean) {
      return AttributeKey.booleanKey(name);
    }
    return AttributeKey.stringKey(name);
  }

  /** A snapshot of any value; never throws. Null becomes JSON null (skipped when flattened). */
  public static JsonNode snapshot(Object value) {
    return snapshot(value, new IdentityHashMap<>(), 0);
  }

  /**
   * One value, guarded: a user object whose {@code toString()}, {@code hashCode()} or iteration
   * throws (or loops) becomes a placeholder string for that value alone.
   */
  private static JsonNode snapshot(Object v, IdentityHashMap<Object, Boolean> path, int depth) {
    try {
      return unguarded(v, path, depth);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return NODES.textNode(SafeJson.unserializable(v, e));
    }
  }

  private static JsonNode unguarded(Object v, IdentityHashMap<Object, Boolean> path, int depth) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof CharSequence || v instanceof Character) {
      return NODES.textNode(v.toString());
    }
    if (v instanceof Boolean) {
      return NODES.booleanNode((Boolean) v);
    }
    if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof AtomicInteger
        || v instanceof AtomicLong) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return NODES.numberNode(((Number) v).doubleValue());
    }
    if (v instanceof BigInteger) {
      return NODES.numberNode((BigInteger) v);
    }
    if (v instanceof BigDecimal) {
      return NODES.numberNode((BigDecimal) v);
    }
    if (v instanceof Enum) {
      return NODES.textNode(((Enum<?>) v).name());
    }
    if (v instanceof Optional) {
      return snapshot(((Optional<?>) v).orElse(null), path, depth);
    }
    if (v instanceof JsonNode) {
      return ((JsonNode) v).deepCopy();
    }
    if (v instanceof java.time.temporal.TemporalAccessor
        || v instanceof java.util.UUID
        || v instanceof java.net.URI
        || v instanceof java.net.URL
        || v instanceof java.nio.file.Path
        || v instanceof java.io.File
        || v instanceof java.time.Duration) {
      return NODES.textNode(v.toString());
    }
    boolean container = v instanceof Map || v instanceof Iterable || v.getClass().isArray();
    if (!container) {
      // Any other object: one JSON string, as HoneyHive's SDKs do.
      return NODES.textNode(SafeJson.toJson(v));
    }
    if (path.containsKey(v)) {
      return NODES.textNode(CYCLE);
    }
    if (depth >= MAX_DEPTH) {
      return NODES.textNode(TOO_DEEP);
    }
    path.put(v, Boolean.TRUE);
    try {
      if (v instanceof Map) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          node.set(String.valueOf(e.getKey()), snapshot(e.getValue(), path, depth + 1));
        }
        return node;
      }
      ArrayNode node = NODES.arrayNode();
      if (v instanceof Iterable) {
        for (Object item : (Iterable<?>) v) {
          node.add(snapshot(item, path, depth + 1));
        }
      } else {
        int n = Array.getLength(v);
        for (int i = 0; i < n; i++) {
          node.add(snapshot(Array.get(v, i), path, depth + 1));
        }
      }
      return node;
    } catch (RuntimeException | StackOverflowError e) {
      // A collection that throws while iterated (concurrently modified, lazy proxy, ...).
      return NODES.textNode(SafeJson.unserializable(v, e));
    } finally {
      path.remove(v);
    }
  }

  /** Flattens {@code node} under {@code name}: dotted keys for maps, indexes for lists. */
  public static void flatten(String name, JsonNode node, boolean secret, List<Leaf> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  flatten(
                      name + '.' + e.getKey(),
                      e.getValue(),
                      secret || SecretKeys.isSecret(e.getKey()),
                      out));
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(name + '.' + i, node.get(i), secret, out);
      }
      return;
    }
    out.add(new Leaf(name, primitive(node), secret));
  }

  /** The typed value of a leaf node: String, Long, Double or Boolean. */
  public static Object primitive(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.asText();
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      return Double.isFinite(d) ? (Object) d : Double.toString(d);
    }
    return node.asText();
  }

  public static List<Leaf> leaves(String name, JsonNode node, boolean secret) {
    List<Leaf> out = new ArrayList<>(node.isContainerNode() ? node.size() : 1);
    flatten(name, node, secret, out);
    return out;
  }

  private EnrichmentValues() {}
}
