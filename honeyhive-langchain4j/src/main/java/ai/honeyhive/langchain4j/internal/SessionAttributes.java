package ai.honeyhive.langchain4j.internal;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.BAGGAGE_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_PARENT_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_PROJECT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_SESSION_AUTO_CREATE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_SESSION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_SESSION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_SOURCE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.TRACELOOP_PARENT_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.TRACELOOP_PROJECT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.TRACELOOP_SESSION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.TRACELOOP_SOURCE;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;

/**
 * The session attributes every span carries. The tracer's own values are computed once; W3C baggage
 * ({@code session_id}, {@code project}, {@code source}, {@code session_name}, {@code parent_id})
 * overrides them per request, which is how a session continues across services. Session id,
 * project, source and parent id are also written under Traceloop's spelling ({@code
 * traceloop.association.properties.*}), as HoneyHive's Python SDK does.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class SessionAttributes {

  public static final String BAGGAGE_SESSION_ID = "session_id";
  public static final String BAGGAGE_PROJECT = "project";
  public static final String BAGGAGE_SOURCE = "source";
  public static final String BAGGAGE_SESSION_NAME = "session_name";
  public static final String BAGGAGE_PARENT_ID = "parent_id";

  /**
   * Experiment keys: how HoneyHive links a trace to an experiment run and its datapoint. They go to
   * {@code honeyhive_metadata.*}, not {@code baggage.*}.
   */
  public static final String BAGGAGE_RUN_ID = "run_id";
  public static final String BAGGAGE_DATASET_ID = "dataset_id";
  public static final String BAGGAGE_DATAPOINT_ID = "datapoint_id";

  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("honeyhive_metadata.run_id");
  private static final AttributeKey<String> DATASET_ID =
      AttributeKey.stringKey("honeyhive_metadata.dataset_id");
  private static final AttributeKey<String> DATAPOINT_ID =
      AttributeKey.stringKey("honeyhive_metadata.datapoint_id");

  private final Attributes defaults;
  private final String sessionId;

  public SessionAttributes(String sessionId, String project, String source, String sessionName) {
    this.sessionId = sessionId;
    AttributesBuilder b = Attributes.builder();
    b.put(HONEYHIVE_SESSION_ID, sessionId);
    b.put(TRACELOOP_SESSION_ID, sessionId);
    if (project != null) {
      b.put(HONEYHIVE_PROJECT, project);
      b.put(TRACELOOP_PROJECT, project);
    }
    b.put(HONEYHIVE_SOURCE, source);
    b.put(TRACELOOP_SOURCE, source);
    b.put(HONEYHIVE_SESSION_AUTO_CREATE, true);
    if (sessionName != null) {
      b.put(HONEYHIVE_SESSION_NAME, sessionName);
    }
    this.defaults = b.build();
  }

  /** The tracer's own session id, a lowercase UUID. */
  public String sessionId() {
    return sessionId;
  }

  /** Puts the session attributes for a span whose parent context is {@code parent}. */
  public void apply(SpanBuilder span, Context parent) {
    apply(span, Baggage.fromContextOrNull(parent));
  }

  /**
   * Puts the session attributes for a span started under {@code baggage} (may be null). Enrichment keys in baggage ({@code honeyhive_metadata.*}, ...) are left to the
   * {@link Enricher}.
   */
  public void apply(SpanBuilder span, Baggage baggage) {
    span.setAllAttributes(attributes(baggage));
  }

  /** Puts the session attributes on a span someone else started under {@code parent}. */
  public void apply(io.opentelemetry.api.trace.Span span, Context parent) {
    span.setAllAttributes(attributes(Baggage.fromContextOrNull(parent)));
  }

  /** The session attributes for a span started under {@code baggage} (may be null). */
  public Attributes attributes(Baggage baggage) {
    if (baggage == null || baggage.isEmpty()) {
      return defaults;
    }
    AttributesBuilder b = defaults.toBuilder();
    baggage.forEach(
        (key, entry) -> {
          String value = entry.getValue();
          switch (key) {
            case BAGGAGE_SESSION_ID:
              if (value.isBlank()) {
                break;
              }
              String id = SessionIds.normalize(value);
              b.put(HONEYHIVE_SESSION_ID, id);
              b.put(TRACELOOP_SESSION_ID, id);
              break;
            case BAGGAGE_PROJECT:
              b.put(HONEYHIVE_PROJECT, value);
              b.put(TRACELOOP_PROJECT, value);
              break;
            case BAGGAGE_SOURCE:
              b.put(HONEYHIVE_SOURCE, value);
              b.put(TRACELOOP_SOURCE, value);
              break;
            case BAGGAGE_SESSION_NAME:
              b.put(HONEYHIVE_SESSION_NAME, value);
              break;
            case BAGGAGE_PARENT_ID:
              b.put(HONEYHIVE_PARENT_ID, value);
              b.put(TRACELOOP_PARENT_ID, value);
              break;
            case BAGGAGE_RUN_ID:
              b.put(RUN_ID, value);
              break;
            case BAGGAGE_DATASET_ID:
              b.put(DATASET_ID, value);
              break;
            case BAGGAGE_DATAPOINT_ID:
              b.put(DATAPOINT_ID, value);
              break;
            default:
              if (Namespace.ofAttribute(key) == null) {
                b.put(AttributeKey.stringKey(BAGGAGE_PREFIX + key), value);
              }
          }
        });
    return b.build();
  }

  public Attributes defaults() {
    return defaults;
  }
}
