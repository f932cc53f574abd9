package ai.honeyhive.langchain4j.experiments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluator's return value as metrics, named as HoneyHive's Python SDK names them
 * ({@code EvaluatorMetricResult}): the score as {@code <name>}, the explanation as {@code
 * <name>_explanation}, every other scalar entry as {@code <name>_<key>}; only numbers, booleans and
 * strings (HoneyHive compares runs on numbers and booleans only).
 */
final class Scores {

  /**
   * The metrics of {@code raw}; a problem (null, NaN, infinite, no score, a type that is not a
   * scalar) is returned as the error, with whatever scalars could be kept.
   */
  static Map<String, Object> metrics(String name, Object raw, StringBuilder error) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (raw instanceof List && ((List<?>) raw).size() == 1) {
      raw = ((List<?>) raw).get(0);
    }
    if (raw == null) {
      error.append("returned null");
      return metrics;
    }
    if (isScalar(raw)) {
      if (!finite(raw)) {
        error.append("returned ").append(raw);
      } else {
        metrics.put(name, normalize(raw));
      }
      return metrics;
    }
    if (!(raw instanceof Map)) {
      error.append("returned a ").append(raw.getClass().getSimpleName()).append(", not a number, boolean, string or map");
      return metrics;
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    if (!map.containsKey("score")) {
      error.append("returned a map without \"score\"");
    } else {
      Object score = map.get("score");
      if (score == null || !isScalar(score)) {
        error.append("returned a score that is not a number, boolean or string: ").append(score);
      } else if (!finite(score)) {
        error.append("returned score ").append(score);
      } else {
        metrics.put(name, normalize(score));
      }
    }
    Object explanation = map.get("explanation");
    if (explanation != null) {
      metrics.put(name + "_explanation", String.valueOf(explanation));
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("score") || key.equals("explanation")) {
        continue;
      }
      Object v = e.getValue();
      if (v != null && isScalar(v) && finite(v)) {
        metrics.put(name + "_" + key, normalize(v));
      }
    }
    return metrics;
  }

  static boolean isScalar(Object v) {
    return v instanceof Number || v instanceof Boolean || v instanceof CharSequence;
  }

  private static boolean finite(Object v) {
    return !(v instanceof Double || v instanceof Float) || Double.isFinite(((Number) v).doubleValue());
  }

  /** Whole numbers as long, others as double, text as String: what a span attribute can hold. */
  private static Object normalize(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Float || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof CharSequence) {
      return v.toString();
    }
    return v;
  }

  private Scores() {}
}
