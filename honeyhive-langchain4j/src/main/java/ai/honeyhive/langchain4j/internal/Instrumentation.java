package ai.honeyhive.langchain4j.internal;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.ERROR_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_ERROR;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_ERROR_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.export.LateAttributes;
import dev.langchain4j.data.message.ChatMessage;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The span factory: what every span we create shares (the tracer, session attributes, request
 * enrichment, the content pipeline, the fault counter). Every surface starts its spans here.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class Instrumentation {

  /** The {@code @MemoryId} of the AI-service or agent call in progress, for its model calls' spans. */
  public static final ContextKey<String> CONVERSATION_ID = ContextKey.named("ai.honeyhive.langchain4j.conversation-id");

  /** Bound on per-call bookkeeping maps; a map that reaches it is cleared (calls that never ended). */
  public static final int MAX_OPEN = 10_000;

  public final Tracer tracer;
  public final SessionAttributes session;
  public final boolean captureContent;
  public final InternalFailures failures;
  public final ContentFilter content;

  /** Where content is handed to be written at export; null with a user's SDK. */
  public final LateAttributes late;

  private final RequestEnrichment requestEnrichment;

  /** HoneyHive's REST API for experiments; null without an API key, or when nothing is sent. */
  public final ai.honeyhive.langchain4j.internal.export.HoneyHiveApi api;

  /**
   * Tool spans rebuilt from the conversation, for LangChain4j releases without tool hooks (before
   * 1.11); null where the hooks make real ones, or where the application framework makes its own
   * tool spans ({@link #toolSpansFromElsewhere()}).
   */
  public volatile ToolSpans.FromConversation conversationTools;

  /** Tool spans running now, for the calls a tool makes (MCP requests) to find their parent. */
  public final RunningTools runningTools = new RunningTools();

  /** Optional modules' instruments (RAG, agents, MCP), one each per tracer, made on first use. */
  private final ConcurrentHashMap<Class<?>, Object> modules = new ConcurrentHashMap<>();

  public Instrumentation(
      Tracer tracer,
      SessionAttributes session,
      boolean captureContent,
      InternalFailures failures,
      RequestEnrichment requestEnrichment,
      ContentFilter content,
      LateAttributes late,
      ai.honeyhive.langchain4j.internal.export.HoneyHiveApi api) {
    this.api = api;
    this.content = content;
    this.late = late;
    this.tracer = tracer;
    this.session = session;
    this.captureContent = captureContent;
    this.failures = failures;
    this.requestEnrichment = requestEnrichment;
    this.conversationTools = LangChain4jFeatures.TOOL_HOOKS ? null : new ToolSpans.FromConversation(this);
  }

  /**
   * The application framework traces tool executions itself (Quarkus LangChain4j's tool spans):
   * no tool spans are rebuilt from the conversation, which would trace each tool call twice.
   */
  public void toolSpansFromElsewhere() {
    conversationTools = null;
  }

  /** Model calls an AI service announced, by identity of their last message, with their parent. */
  private final ConcurrentHashMap<IdentityKey, Context> expectedModelCalls = new ConcurrentHashMap<>();

  /**
   * This tracer's instance of an optional module's instrument, made by {@code factory} on first
   * use. Keyed by the instrument's class, so that a module's classes load only when it is used.
   */
  public <T> T module(Class<T> type, Function<Instrumentation, T> factory) {
    return type.cast(modules.computeIfAbsent(type, t -> factory.apply(this)));
  }

  public void expectModelCall(Object lastMessage, Context parent) {
    if (expectedModelCalls.size() >= MAX_OPEN) {
      expectedModelCalls.clear();
    }
    expectedModelCalls.put(new IdentityKey(lastMessage), parent);
  }

  /**
   * The parent of a model call: the AI-service call that announced it, if any (its thread may have
   * no context of ours), else the caller's current context.
   */
  public Context parentOfModelCall(List<ChatMessage> messages) {
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
  public void close() {
    closed = true;
  }

  /** A span builder with kind, parent, event type, session attributes and enrichment set. */
  public SpanBuilder spanBuilder(String name, SpanKind kind, Context parent, String eventType) {
    return spanBuilder(name, kind, parent, eventType, EventTypes.CHAIN.equals(eventType));
  }

  /**
   * As above; {@code withEventOwn}: whether the request enrichment's inputs, outputs and error go
   * on this span too (the outermost span of the request, not the steps inside it).
   */
  public SpanBuilder spanBuilder(String name, SpanKind kind, Context parent, String eventType, boolean withEventOwn) {
    if (closed) {
      if (warnedClosed.compareAndSet(false, true)) {
        java.util.logging.Logger.getLogger(Library.LOGGER_NAME)
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
  public void enrich(SpanBuilder builder, Context parent, boolean withEventOwn) {
    Baggage baggage = Baggage.fromContextOrNull(parent);
    session.apply(builder, baggage);
    requestEnrichment.apply(builder, parent, baggage, withEventOwn);
  }

  /**
   * Marks {@code span} failed with {@code error}: status, error.type, honeyhive_error,
   * honeyhive_error_type, event.
   */
  public static void recordError(Span span, Throwable error) {
    if (error == null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, "_OTHER");
      return;
    }
    String message = error.getMessage();
    span.setStatus(StatusCode.ERROR, String.valueOf(message));
    span.setAttribute(ERROR_TYPE, error.getClass().getName());
    span.setAttribute(HONEYHIVE_ERROR, message != null ? message : error.getClass().getName());
    span.setAttribute(HONEYHIVE_ERROR_TYPE, errorType(error));
    span.recordException(error);
  }

  /**
   * Marks {@code span} failed without an exception (a tool or guardrail that reported failure):
   * status, {@code error.type} and {@code honeyhive_error_type} both {@code type}, {@code
   * honeyhive_error} the message.
   */
  public static void recordFailure(Span span, String type, String message) {
    span.setStatus(StatusCode.ERROR, message);
    span.setAttribute(ERROR_TYPE, type);
    span.setAttribute(HONEYHIVE_ERROR, message);
    span.setAttribute(HONEYHIVE_ERROR_TYPE, type);
  }

  /**
   * The value of {@code honeyhive_error_type}: the exception's simple class name, as HoneyHive's
   * Python SDK writes {@code type(e).__name__} (the fully qualified name is in {@code error.type});
   * the binary name for an anonymous class, which has no simple name.
   */
  public static String errorType(Throwable error) {
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
  }

  /** Removes and returns the span stored under {@code key}, or null; exactly one caller wins. */
  public Span take(Map<Object, Object> attributes, Object key) {
    try {
      Object span = attributes == null ? null : attributes.remove(key);
      return span instanceof Span ? (Span) span : null;
    } catch (Throwable t) {
      failures.record("take span", t);
      return null;
    }
  }
}
