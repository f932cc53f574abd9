package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.ERROR_TYPE;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_ERROR;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_EVENT_ID;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;

import ai.honeyhive.langchain4j.HoneyHiveAttributes.EventTypes;

import ai.honeyhive.langchain4j.internal.export.LateAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every span we create shares: the tracer, session attributes, enrichment, the content flag
 * and the fault counter. Listeners and the AI-service proxy start spans through here.
 */
final class Instrumentation {

  final Tracer tracer;
  final SessionAttributes session;
  final boolean captureContent;
  final InternalFailures failures;
  final Enricher enricher;
  final ContentFilter content;

  /** Where content is handed to be written at export; null with a user's SDK. */
  final LateAttributes late;

  /**
   * Tool spans rebuilt from the conversation, for LangChain4j releases without tool hooks (before
   * 1.11); null where the hooks make real ones.
   */
  final ToolSpans.FromConversation conversationTools;

  /** Tool spans running now, for the calls a tool makes (MCP requests) to find their parent. */
  final RunningTools runningTools = new RunningTools();

  Instrumentation(
      Tracer tracer,
      SessionAttributes session,
      boolean captureContent,
      InternalFailures failures,
      Enricher enricher,
      ContentFilter content,
      LateAttributes late) {
    this.content = content;
    this.late = late;
    this.tracer = tracer;
    this.session = session;
    this.captureContent = captureContent;
    this.failures = failures;
    this.enricher = enricher;
    this.conversationTools = LangChain4jFeatures.TOOL_HOOKS ? null : new ToolSpans.FromConversation(this);
  }

  /** Model calls an AI service announced, by identity of their last message, with their parent. */
  private final ConcurrentHashMap<IdentityKey, Context> expectedModelCalls = new ConcurrentHashMap<>();

  void expectModelCall(Object lastMessage, Context parent) {
    if (expectedModelCalls.size() >= AiServiceHooks.MAX_OPEN) {
      expectedModelCalls.clear();
    }
    expectedModelCalls.put(new IdentityKey(lastMessage), parent);
  }

  /**
   * The parent of a model call: the AI-service call that announced it, if any (its thread may have
   * no context of ours), else the caller's current context.
   */
  Context parentOfModelCall(List<ChatMessage> messages) {
    Context current = Context.current();
    if (expectedModelCalls.isEmpty() || messages == null || messages.isEmpty()) {
      return current;
    }
    Context announced = expectedModelCalls.remove(new IdentityKey(messages.get(messages.size() - 1)));
    return announced != null ? announced : current;
  }

  private static final Tracer NOOP = io.opentelemetry.api.OpenTelemetry.noop().getTracer("closed");
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean warnedClosed = new java.util.concurrent.atomic.AtomicBoolean();

  /** After this, spans are no-ops: a closed tracer records nothing and warns once. */
  void close() {
    closed = true;
  }

  /** A span builder with kind, parent, event type, session attributes and enrichment set. */
  SpanBuilder spanBuilder(String name, SpanKind kind, Context parent, String eventType) {
    return spanBuilder(name, kind, parent, eventType, EventTypes.CHAIN.equals(eventType));
  }

  /**
   * As above; {@code withEventOwn}: whether the request enrichment's inputs, outputs and error go
   * on this span too (the outermost span of the request, not the steps inside it).
   */
  SpanBuilder spanBuilder(String name, SpanKind kind, Context parent, String eventType, boolean withEventOwn) {
    if (closed) {
      if (warnedClosed.compareAndSet(false, true)) {
        java.util.logging.Logger.getLogger(HoneyHiveTracer.class.getName())
            .warning("HoneyHive: this tracer is closed; calls made through it are no longer traced.");
      }
      return NOOP.spanBuilder(name);
    }
    SpanBuilder builder =
        tracer
            .spanBuilder(name)
            .setSpanKind(kind)
            .setParent(parent)
            .setAttribute(HONEYHIVE_EVENT_TYPE, eventType);
    enrich(builder, parent, withEventOwn);
    return builder;
  }

  /**
   * Session attributes, then enrichment that came in baggage, then the request's: later wins, key
   * by key. Session-level enrichment ({@code enrichSession}) is not copied here: it belongs to the
   * session's record, and repeated on every event HoneyHive would count it again on each.
   */
  void enrich(SpanBuilder builder, Context parent, boolean withEventOwn) {
    Baggage baggage = Baggage.fromContextOrNull(parent);
    session.apply(builder, baggage);
    EnrichmentContext request = EnrichmentContext.fromContextOrNull(parent);
    if (baggage != null && !baggage.isEmpty()) {
      enricher.applyBaggage(builder, baggage, request);
    }
    if (request != null) {
      enricher.apply(builder, request, withEventOwn);
      EnrichmentContext.EventIdClaim eventId = request.eventIdClaim();
      if (eventId != null && eventId.take()) {
        builder.setAttribute(HONEYHIVE_EVENT_ID, eventId.id);
      }
    }
  }

  /** Marks {@code span} failed with {@code error}: status, error.type, honeyhive_error, event. */
  static void recordError(Span span, Throwable error) {
    if (error == null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, "_OTHER");
      return;
    }
    String message = error.getMessage();
    span.setStatus(StatusCode.ERROR, String.valueOf(message));
    span.setAttribute(ERROR_TYPE, error.getClass().getName());
    span.setAttribute(HONEYHIVE_ERROR, message != null ? message : error.getClass().getName());
    span.recordException(error);
  }

  /** Removes and returns the span stored under {@code key}, or null; exactly one caller wins. */
  Span take(Map<Object, Object> attributes, Object key) {
    try {
      Object span = attributes == null ? null : attributes.remove(key);
      return span instanceof Span ? (Span) span : null;
    } catch (Throwable t) {
      failures.record("take span", t);
      return null;
    }
  }
}
