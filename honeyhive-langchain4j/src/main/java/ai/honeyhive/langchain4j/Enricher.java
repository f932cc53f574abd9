package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.EnrichmentContext.Field;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes;
import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.Namespace;
import ai.honeyhive.langchain4j.internal.RequestEnrichment;
import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.content.EnrichmentValues;
import ai.honeyhive.langchain4j.internal.content.EnrichmentValues.Leaf;
import ai.honeyhive.langchain4j.internal.content.MessageContent;
import ai.honeyhive.langchain4j.internal.content.SecretKeys;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Writes enrichment onto spans and into REST bodies with the tracer's rules: secrets redacted,
 * long strings truncated, then the user's redactor, which may rewrite or drop any value. Content
 * captured from chat calls does not pass through here and is not truncated.
 */
final class Enricher implements RequestEnrichment {

  /** The attribute name of the error leaf. */
  static final String ERROR_NAME = Namespace.ERROR.prefix;

  /** HoneyHive's guidance is about 1 KB per field. */
  static final int DEFAULT_MAX_VALUE_LENGTH = 1024;

  private final int maxValueLength;
  private final boolean redactSecrets;
  private final BiFunction<String, Object, Object> redactor;
  private final InternalFailures failures;

  Enricher(
      int maxValueLength,
      boolean redactSecrets,
      BiFunction<String, Object, Object> redactor,
      InternalFailures failures) {
    this.maxValueLength = maxValueLength;
    this.redactSecrets = redactSecrets;
    this.redactor = redactor;
    this.failures = failures;
  }

  /**
   * Puts {@code context}'s values on a span being started; inputs, outputs and error only when
   * {@code withEventOwn} (an AI-service span), so a model or tool span keeps its own.
   */
  /**
   * Enrichment that came in baggage, then the request's {@link EnrichmentContext}: later wins, key
   * by key; the request's event id goes on the first span that claims it.
   */
  @Override
  public void apply(SpanBuilder builder, Context parent, Baggage baggage, boolean withEventOwn) {
    EnrichmentContext request = EnrichmentContext.fromContextOrNull(parent);
    if (baggage != null && !baggage.isEmpty()) {
      applyBaggage(builder, baggage, request);
    }
    if (request != null) {
      apply(builder, request, withEventOwn);
      EnrichmentContext.EventIdClaim eventId = request.eventIdClaim();
      if (eventId != null && eventId.take()) {
        builder.setAttribute(HoneyHiveAttributes.HONEYHIVE_EVENT_ID, eventId.id);
      }
    }
  }

  void apply(SpanBuilder span, EnrichmentContext context, boolean withEventOwn) {
    for (Leaf leaf : context.leaves(withEventOwn)) {
      Object value = value(leaf.name, leaf.value, leaf.secret);
      if (value != null) {
        span.setAttribute(key(leaf, value), value);
      }
    }
  }

  /**
   * {@code enrichment} on the span current on this thread, with its event id if unclaimed; false if
   * there is none or on our own fault (counted, logged once). Never throws.
   */
  boolean applyToCurrentSpan(EnrichmentContext enrichment) {
    try {
      if (enrichment == null) {
        failures.record("enrichSpan(null)", new NullPointerException("enrichment"));
        return false;
      }
      Span span = Span.current();
      if (!span.isRecording()) {
        return false;
      }
      apply(span, enrichment);
      EnrichmentContext.EventIdClaim eventId = enrichment.eventIdClaim();
      if (eventId != null && eventId.take()) {
        span.setAttribute(HoneyHiveAttributes.HONEYHIVE_EVENT_ID, eventId.id);
      }
      return true;
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichSpan", t);
      return false;
    }
  }

  void apply(Span span, EnrichmentContext context) {
    for (Leaf leaf : context.leaves()) {
      Object value = value(leaf.name, leaf.value, leaf.secret);
      if (value != null) {
        span.setAttribute(key(leaf, value), value);
      }
    }
  }

  /**
   * Enrichment that arrived in W3C baggage from an upstream service ({@code honeyhive_metadata.x}
   * and the like), unless this process set the same key itself.
   */
  void applyBaggage(SpanBuilder span, Baggage baggage, EnrichmentContext local) {
    baggage.forEach(
        (name, entry) -> {
          if (Namespace.ofAttribute(name) != null && (local == null || !local.owns(name))) {
            Object value = value(name, entry.getValue(), SecretKeys.isSecret(name));
            if (value != null) {
              span.setAttribute(anyKey(EnrichmentValues.keyFor(name, value)), value);
            }
          }
        });
  }

  private static AttributeKey<Object> key(Leaf leaf, Object value) {
    return anyKey(value == leaf.value ? leaf.key : EnrichmentValues.keyFor(leaf.name, value));
  }

  /** Keys are made by {@code keyFor} from the value's own type, so the cast is sound. */
  @SuppressWarnings("unchecked")
  private static AttributeKey<Object> anyKey(AttributeKey<?> key) {
    return (AttributeKey<Object>) key;
  }

  /** The value to send for one leaf, or null to drop it. */
  Object value(String name, Object value, boolean secret) {
    Object v = value;
    if (secret && redactSecrets) {
      v = SecretKeys.REDACTED;
    } else if (v instanceof String) {
      if (redactSecrets && ERROR_NAME.equals(name)) {
        // An exception message can quote a credential; treat it as captured text is treated.
        v = ContentFilter.redactCredentials((String) v);
      }
      if (((String) v).length() > maxValueLength) {
        v = ContentFilter.truncate((String) v, maxValueLength);
      }
    }
    if (redactor != null) {
      try {
        v = redactor.apply(name, v);
      } catch (Throwable t) {
        // A broken redactor must not leak the value it was asked about: drop it.
        failures.record("redactor for " + name, t);
        return null;
      }
      v = normalize(v);
    }
    return v;
  }

  private static Object normalize(Object v) {
    if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Double) {
      return Double.isFinite((Double) v) ? v : v.toString();
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      return normalize(((Float) v).doubleValue());
    }
    return String.valueOf(v);
  }


  /**
   * The body of {@code PUT /events}: {@code event_id} and one object per namespace present, nested
   * as the user gave it, with the same redaction and truncation as spans.
   */
  String eventUpdateJson(String eventId, EnrichmentContext context) throws IOException {
    Map<Namespace, java.util.List<Field>> byNamespace = new EnumMap<>(Namespace.class);
    for (Field field : context.fields()) {
      byNamespace.computeIfAbsent(field.namespace, ns -> new java.util.ArrayList<>()).add(field);
    }
    // HoneyHive's update has no inputs or error field: its SDK folds inputs into metadata.inputs,
    // and so do we; the error goes beside them as metadata.error and metadata.error_type.
    java.util.List<Field> inputs = byNamespace.remove(Namespace.INPUTS);
    java.util.List<Field> error = byNamespace.remove(Namespace.ERROR);
    java.util.List<Field> errorType = byNamespace.remove(Namespace.ERROR_TYPE);
    boolean foldIntoMetadata = inputs != null || error != null || errorType != null;
    if (foldIntoMetadata) {
      byNamespace.putIfAbsent(Namespace.METADATA, new java.util.ArrayList<>());
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MessageContent.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("event_id", eventId);
      for (Map.Entry<Namespace, java.util.List<Field>> e : byNamespace.entrySet()) {
        g.writeObjectFieldStart(e.getKey().field);
        for (Field field : e.getValue()) {
          writeField(g, field);
        }
        if (e.getKey() == Namespace.METADATA && foldIntoMetadata) {
          if (inputs != null) {
            g.writeObjectFieldStart("inputs");
            for (Field field : inputs) {
              writeField(g, field);
            }
            g.writeEndObject();
          }
          for (Field field : error == null ? java.util.List.<Field>of() : error) {
            writeField(g, "error", field.namespace.prefix, field.value, false);
          }
          for (Field field : errorType == null ? java.util.List.<Field>of() : errorType) {
            writeField(g, "error_type", field.namespace.prefix, field.value, false);
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toString();
  }

  private void writeField(JsonGenerator g, Field field) throws IOException {
    writeField(g, field.key, field.namespace.prefix + field.key, field.value, SecretKeys.isSecret(field.key));
  }

  /** Writes {@code fieldName: node}, or nothing when the node is null or its value is dropped. */
  private void writeField(JsonGenerator g, String fieldName, String name, JsonNode node, boolean secret)
      throws IOException {
    if (node == null || node.isNull()) {
      return;
    }
    if (node.isContainerNode()) {
      g.writeFieldName(fieldName);
      writeNode(g, name, node, secret);
      return;
    }
    Object value = value(name, EnrichmentValues.primitive(node), secret);
    if (value != null) {
      g.writeFieldName(fieldName);
      writeValue(g, value);
    }
  }

  /** Writes {@code node} in value position; a dropped leaf becomes null so list indexes hold. */
  private void writeNode(JsonGenerator g, String name, JsonNode node, boolean secret)
      throws IOException {
    if (node == null || node.isNull()) {
      g.writeNull();
    } else if (node.isObject()) {
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> child : node.properties()) {
        writeField(
            g,
            child.getKey(),
            name + '.' + child.getKey(),
            child.getValue(),
            secret || SecretKeys.isSecret(child.getKey()));
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (int i = 0; i < node.size(); i++) {
        writeNode(g, name + '.' + i, node.get(i), secret);
      }
      g.writeEndArray();
    } else {
      Object value = value(name, EnrichmentValues.primitive(node), secret);
      if (value == null) {
        g.writeNull();
      } else {
        writeValue(g, value);
      }
    }
  }

  private static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Long) {
      g.writeNumber((Long) value);
    } else if (value instanceof Double) {
      g.writeNumber((Double) value);
    } else if (value instanceof Boolean) {
      g.writeBoolean((Boolean) value);
    } else {
      g.writeString(String.valueOf(value));
    }
  }
}
