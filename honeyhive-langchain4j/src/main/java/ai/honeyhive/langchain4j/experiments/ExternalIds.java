package ai.honeyhive.langchain4j.experiments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable ids for datasets that live outside HoneyHive, made as HoneyHive's Python SDK makes them
 * ({@code experiments/utils.py}): {@code EXT-} and the first 16 hex digits of the SHA-256 of the
 * data serialized as Python's {@code json.dumps(data, sort_keys=True)} writes it; a datapoint's
 * hash has its index appended; an id of the user's own is kept, prefixed {@code EXT-}. So the same
 * file gives the same ids in Java and in Python.
 */
final class ExternalIds {

  static final String PREFIX = "EXT-";

  static String datasetId(List<Datapoint> datapoints) {
    List<Object> all = new ArrayList<>(datapoints.size());
    for (Datapoint d : datapoints) {
      all.add(d.hashed());
    }
    return PREFIX + sha256Prefix(pythonJson(all));
  }

  static String datapointId(Datapoint datapoint, int index) {
    if (datapoint.id() != null) {
      return prefixed(datapoint.id());
    }
    return PREFIX + sha256Prefix(pythonJson(datapoint.hashed()) + index);
  }

  static String prefixed(String id) {
    return id.startsWith(PREFIX) ? id : PREFIX + id;
  }

  private static String sha256Prefix(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(16);
      for (int i = 0; i < 8; i++) {
        hex.append(Character.forDigit((hash[i] >> 4) & 0xf, 16)).append(Character.forDigit(hash[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }

  /** {@code json.dumps(value, sort_keys=True)}: ", " and ": " separators, ASCII only. */
  static String pythonJson(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value) ? "true" : "false");
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Number) {
      out.append(pythonFloat(((Number) value).doubleValue()));
    } else if (value instanceof Map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        sorted.put(String.valueOf(e.getKey()), e.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        string(out, e.getKey());
        out.append(": ");
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof Collection || value instanceof Object[]) {
      Collection<?> items = value instanceof Collection ? (Collection<?>) value : List.of((Object[]) value);
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        write(out, item);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  /** Python's {@code repr(float)}: fixed notation from 1e-4 to 1e16, else {@code 1e-05} style. */
  static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-4 && abs < 1e16) {
      String plain = exact.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    StringBuilder s = new StringBuilder();
    if (d < 0) {
      s.append('-');
    }
    s.append(digits.charAt(0));
    if (digits.length() > 1) {
      s.append('.').append(digits, 1, digits.length());
    }
    s.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    if (e < 10) {
      s.append('0');
    }
    s.append(e);
    return s.toString();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private ExternalIds() {}
}
