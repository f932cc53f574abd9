package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.Library;
import ai.honeyhive.langchain4j.internal.SessionIds;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import ai.honeyhive.langchain4j.internal.aiservices.AiServiceTracing;
import ai.honeyhive.langchain4j.internal.chat.HoneyHiveChatModelListener;
import ai.honeyhive.langchain4j.internal.chat.TracingStreamingChatModel;
import ai.honeyhive.langchain4j.internal.export.ExportShutdown;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveEvents;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Entry point for tracing LangChain4j applications in HoneyHive.
 *
 * <p>Build one per application and plug what it hands out into LangChain4j:
 *
 * <pre>{@code
 * HoneyHiveTracer tracer = HoneyHiveTracer.builder()
 *     .project("my-project")          // or env HH_PROJECT
 *     .apiKey(System.getenv("KEY"))   // or env HH_API_KEY
 *     .build();
 * ChatModel model = OpenAiChatModel.builder()
 *     ...
 *     .listeners(List.of(tracer.chatModelListener()))
 *     .build();
 * }</pre>
 *
 * <p>Every span carries the session it belongs to ({@link #sessionId()}, unless W3C baggage names
 * another). Spans are batched and exported off the caller's thread; {@link #flush()} waits for
 * them, {@link #close()} flushes and stops the export, and a JVM shutdown hook flushes too.
 * Retrieval, moderation, agents and MCP have entry points of their own, in the packages {@code
 * ai.honeyhive.langchain4j.rag}, {@code .agentic} and {@code .mcp}, each created from a tracer.
 *
 * <p>Instances are thread-safe. Telemetry failures never reach the caller: they are logged once
 * and counted.
 */
public final class HoneyHiveTracer implements AutoCloseable {

  /** The instrumentation scope name of every span we create. */
  public static final String INSTRUMENTATION_SCOPE = Library.INSTRUMENTATION_SCOPE;

  static {
    TracerAccess.install(tracer -> ((HoneyHiveTracer) tracer).instrumentation);
  }

  private final TracerConfig config;
  private final HoneyHiveExport export;
  private final HoneyHiveEvents events;
  private final InternalFailures failures = new InternalFailures();
  private final Enricher enricher;
  private final Instrumentation instrumentation;
  private final ChatModelListener chatModelListener;
  private final AiServiceTracing aiServices;
  private final SessionUpdates updates;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  HoneyHiveTracer(TracerConfig config) {
    this.config = config;
    this.export = config.export;
    this.events = config.startEvents();
    this.enricher = new Enricher(config.maxEnrichmentValueLength, config.redactSecrets, config.redactor, failures);
    this.instrumentation = config.instrumentation(enricher, failures);
    this.chatModelListener = new HoneyHiveChatModelListener(instrumentation);
    this.aiServices = new AiServiceTracing(instrumentation);
    this.updates =
        new SessionUpdates(
            config.sessionId, events, config.console ? export : null, enricher, failures, config.disabled || config.localOnly);
    if (export != null) {
      export.stampForeignSpans(INSTRUMENTATION_SCOPE, (parent, span) -> instrumentation.session.apply(span, parent));
    }
    this.shutdownHook = ExportShutdown.registerHook(export, events, config.shutdownTimeout);
  }

  /**
   * Returns a builder; unset options are read from the environment at {@code build()}.
   *
   * @return a new builder with no option set
   */
  public static HoneyHiveTracerBuilder builder() {
    return new HoneyHiveTracerBuilder();
  }

  /**
   * Builds a tracer from the environment alone: {@code HH_API_KEY}, {@code HH_PROJECT}, and
   * optionally {@code HH_API_URL}, {@code HH_SOURCE}, {@code HH_SESSION_NAME}.
   *
   * @return a new tracer, as {@code builder().build()} makes it
   * @throws IllegalStateException if {@code HH_API_KEY} or {@code HH_PROJECT} is not set, or if
   *     {@code HH_API_URL} is plain {@code http://} to another host
   * @throws IllegalArgumentException if {@code HH_API_URL} or {@code HH_OTLP_COMPRESSION} holds an
   *     invalid value
   */
  public static HoneyHiveTracer fromEnv() {
    return builder().build();
  }

  /**
   * The HoneyHive session id for {@code id}: a UUID, lowercased; any other string (a conversation
   * id, a ticket number) maps to a fixed name-based UUID, the same in every process: version 5 of
   * {@code "honeyhive-session:" + id} in RFC 4122's URL namespace. Every session id this library
   * accepts goes through this mapping; use it to find the session in HoneyHive's UI or API.
   *
   * @param id a UUID in any case, or any other id such as a conversation id
   * @return a lowercase UUID, always the same for the same {@code id}
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if {@code id} is blank
   */
  public static String sessionIdFor(String id) {
    if (id == null) {
      throw new NullPointerException("id");
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    return SessionIds.normalize(id);
  }

  /**
   * The listener to register on any LangChain4j {@code ChatModel} or {@code StreamingChatModel}
   * (for example with {@code OpenAiChatModel.builder().listeners(List.of(...))}). It creates one
   * span per call. The same instance serves every model; it holds no per-call state.
   *
   * @return the tracer's shared instance; the same on every call
   */
  public ChatModelListener chatModelListener() {
    return chatModelListener;
  }

  /**
   * The id of this tracer's session, a lowercase UUID: random, or the one set with {@link
   * HoneyHiveTracerBuilder#sessionId(String)} (mapped by {@link #sessionIdFor(String)}). A request
   * whose W3C baggage carries {@code session_id} is recorded in that session instead.
   *
   * @return the session id, a lowercase UUID; never null
   */
  public String sessionId() {
    return config.sessionId;
  }

  /**
   * The HoneyHive project spans are recorded in; null only with a user-supplied OpenTelemetry.
   *
   * @return the project name ({@code local} for console-only output), or null if none was set
   */
  public String project() {
    return config.project;
  }

  /**
   * The source (environment) spans are tagged with, for example {@code dev} or {@code prod}.
   *
   * @return the source; never null, {@value HoneyHiveTracerBuilder#DEFAULT_SOURCE} unless set
   */
  public String source() {
    return config.source;
  }

  /**
   * The OpenTelemetry instance spans are created with: the one given to the builder, or the SDK
   * this tracer created to export to HoneyHive. Use its propagators to carry the trace and session
   * to other services.
   *
   * @return the instance; never null, and a no-op one when {@code HH_DISABLE_TRACING} is {@code
   *     true}
   */
  public OpenTelemetry openTelemetry() {
    return config.openTelemetry;
  }

  /**
   * Blocks until every span finished so far is exported, at most 30 seconds; call it before a
   * short-lived program exits. A user-supplied OpenTelemetry is flushed if it is the SDK.
   *
   * @return true if everything was exported in time; false on timeout, on export failure (which is
   *     logged by the exporter), or at once if this tracer's own export was closed
   */
  public boolean flush() {
    if (closed.get() && export != null) {
      return false;
    }
    try {
      return ExportShutdown.flush(export, config.openTelemetry, events);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.flush", t);
      return false;
    }
  }

  /**
   * Flushes and stops this tracer's own export, waiting at most {@link
   * HoneyHiveTracerBuilder#shutdownTimeout(Duration)} (default 5 seconds) however unreachable
   * HoneyHive is. After this the tracer is a no-op: calls through its listeners and decorators are
   * not traced, and the first such call logs one warning. A user-supplied OpenTelemetry is flushed
   * but not shut down: it is the user's. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    instrumentation.close();
    try {
      ExportShutdown.removeHook(shutdownHook);
      ExportShutdown.shutdown(export, config.openTelemetry, events, config.shutdownTimeout, true);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.close", t);
    }
  }

  /**
   * Adds {@code enrichment} to the current span (the span current on this thread, for example your
   * own or an AI-service call's), like HoneyHive's {@code enrich_span}. Its session id, if any, is
   * ignored here. Never throws.
   *
   * @param enrichment the values to add; null is logged once and returns false
   * @return true if a recording span was enriched; false if there is none (or on an internal fault,
   *     which is logged once)
   */
  public boolean enrichSpan(EnrichmentContext enrichment) {
    return enricher.applyToCurrentSpan(enrichment);
  }

  /**
   * Adds {@code metadata} to the current span as {@code honeyhive_metadata.*}, the Java form of
   * {@code enrich_span({...})} with a plain map. Entries with a null or blank key are skipped (and
   * logged once); never throws.
   *
   * @param metadata keys and values, which may nest maps and lists; null is logged once and returns
   *     false
   * @return true if a recording span was enriched
   */
  public boolean enrichSpan(Map<String, ?> metadata) {
    try {
      return enrichSpan(updates.lenient(metadata));
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichSpan(Map)", t);
      return false;
    }
  }

  /**
   * Enriches the current session (W3C baggage {@code session_id}, else this tracer's), like
   * HoneyHive's {@code enrich_session}: the values go to HoneyHive's session record ({@code PUT
   * /events}) in the background, not onto the session's spans, where HoneyHive would count them
   * again on each. Never throws and never blocks on the network; failures are retried, then counted
   * and logged once.
   *
   * @param enrichment the values to send; its session id, if set, names the session. Null is
   *     logged once and ignored
   */
  public void enrichSession(EnrichmentContext enrichment) {
    try {
      String target = enrichment != null && enrichment.sessionId() != null ? enrichment.sessionId() : updates.currentSessionId();
      updates.enrichSession(target, enrichment);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichSession", t);
    }
  }

  /**
   * Enriches the session {@code sessionId}, which may have been started by another service; see
   * {@link #enrichSession(EnrichmentContext)}.
   *
   * @param sessionId the session's id, mapped as by {@link #sessionIdFor(String)}; null or blank
   *     is logged once and ignored
   * @param enrichment the values to send; its own session id is not used. Null is logged once and
   *     ignored
   */
  public void enrichSession(String sessionId, EnrichmentContext enrichment) {
    updates.enrichSession(sessionId, enrichment);
  }

  /**
   * Attaches {@code enrichment} to an event that already happened, for example a user's thumbs-up
   * minutes after the answer. The id is one given with {@link EnrichmentContext.Builder#eventId},
   * a session id, or one from HoneyHive's UI or API. Sent in the background like {@link
   * #enrichSession(EnrichmentContext)}, retried while HoneyHive has not ingested the event yet.
   *
   * @param eventId the event's id, mapped as by {@link #sessionIdFor(String)}; null or blank is
   *     logged once and ignored
   * @param enrichment the values to attach; null is logged once and ignored
   */
  public void enrichEvent(String eventId, EnrichmentContext enrichment) {
    updates.enrichEvent(eventId, enrichment);
  }

  /**
   * A function call to trace, as HoneyHive's {@code @trace} does: a span named {@code name} with
   * the inputs you give, the return value as output and a thrown exception as the error, nested
   * under the current span. For example {@code tracer.trace("score").input("answer", a).call(() ->
   * score(a))}; see {@link TracedCall}.
   *
   * @param name the span's name and HoneyHive event name, such as {@code "score-answer"}
   * @return a new call to configure and run; nothing is recorded until it runs
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public TracedCall trace(String name) {
    return new TracedCall(instrumentation, enricher, name);
  }

  /**
   * Returns a proxy of {@code type} whose every method call is a span ({@code invoke_agent
   * Type.method}, a HoneyHive {@code chain} event, or as {@link HoneyHiveTrace} says) with the
   * arguments as {@code honeyhive_inputs.*} and the result as {@code honeyhive_outputs.*} (content
   * capture permitting), the {@code @MemoryId} argument as {@code gen_ai.conversation.id}, and
   * errors recorded. Model, tool, retrieval and guardrail spans made during the call nest beneath
   * it. Results and exceptions pass through unchanged (the same instances); a {@code TokenStream}'s
   * span ends when the stream completes or fails, a {@code CompletionStage}'s when it completes.
   *
   * <pre>{@code
   * Assistant assistant = tracer.configure(AiServices.builder(Assistant.class))
   *     .chatModel(model)
   *     .build();
   * Assistant traced = tracer.decorate(Assistant.class, assistant);
   * }</pre>
   *
   * @param <T> the interface type
   * @param type the interface to proxy, usually the AI-service interface
   * @param delegate the implementation every call is forwarded to
   * @return a new proxy implementing {@code type} only
   * @throws NullPointerException if {@code type} or {@code delegate} is null
   * @throws IllegalArgumentException if {@code type} is not an interface, or {@code delegate} does
   *     not implement it
   */
  public <T> T decorate(Class<T> type, T delegate) {
    return aiServices.decorate(type, delegate);
  }

  /**
   * Returns {@code model} wrapped so that its spans also record the time to first chunk ({@code
   * gen_ai.response.time_to_first_chunk}) and {@code gen_ai.request.stream}, and so that the
   * handler's callbacks run under the caller's OpenTelemetry context (its enrichment and parent
   * span). The model keeps its own listeners: register {@link #chatModelListener()} on it too.
   *
   * @param model the streaming model every call is forwarded to
   * @return a new wrapper around {@code model}
   * @throws NullPointerException if {@code model} is null
   */
  public StreamingChatModel decorate(StreamingChatModel model) {
    if (model == null) {
      throw new NullPointerException("decorate(model): model must not be null");
    }
    return new TracingStreamingChatModel(model, failures);
  }

  /**
   * Registers the tool hooks ({@link #beforeToolExecution()}, {@link #afterToolExecution()}) and
   * the {@link #aiServiceListeners()} (guardrails, invocation bookkeeping) on {@code aiServices}.
   * {@code AiServices} keeps one before- and one after-tool hook: to add your own, set it after
   * this call and chain ours, e.g. {@code tracer.beforeToolExecution().andThen(mine)}.
   *
   * @param <T> the AI-service interface
   * @param aiServices the builder to register on; hooks its LangChain4j version lacks are skipped
   * @return {@code aiServices} itself, for chaining
   * @throws NullPointerException if {@code aiServices} is null
   */
  public <T> AiServices<T> configure(AiServices<T> aiServices) {
    return this.aiServices.configure(aiServices);
  }

  /**
   * Registers what {@link #configure(AiServices)} registers on a context made through
   * LangChain4j's {@code AiServiceContextFactory} service-provider interface, so that every AI
   * service of the application is traced; the Spring Boot starter does this.
   *
   * @param context a context that no {@code AiServices} builder has used yet
   * @throws NullPointerException if {@code context} is null
   */
  public void configure(AiServiceContext context) {
    aiServices.configure(context);
  }

  /**
   * The hook that starts a tool span; for {@code AiServices.beforeToolExecution(...)}.
   *
   * @return the tracer's shared instance; the same on every call
   */
  public Consumer<BeforeToolExecution> beforeToolExecution() {
    return aiServices.beforeToolExecution();
  }

  /**
   * The hook that ends a tool span; for {@code AiServices.afterToolExecution(...)}.
   *
   * @return the tracer's shared instance; the same on every call
   */
  public Consumer<ToolExecution> afterToolExecution() {
    return aiServices.afterToolExecution();
  }

  /**
   * The AI-service listeners, for {@code AiServices.registerListeners(...)}: input and output
   * guardrail spans, and the invocation tracking that parents tool spans run on other threads.
   *
   * @return the same list on every call; empty on LangChain4j versions without AI-service
   *     listeners
   */
  public List<AiServiceListener<?>> aiServiceListeners() {
    return aiServices.listeners();
  }

  /**
   * Spans that did not reach HoneyHive: dropped because too many were waiting for export (HoneyHive
   * down or slow), plus those whose export failed after retries. Both are logged, once per outage.
   * Zero with a user-supplied OpenTelemetry, whose export is its own.
   *
   * @return the number of spans lost since this tracer was built
   */
  public long droppedSpans() {
    return export == null ? 0 : export.droppedSpans() + export.failedSpans();
  }

  @Override
  public String toString() {
    return "HoneyHiveTracer" + config;
  }

  // For tests and benchmarks in this package.

  HoneyHiveEvents events() {
    return events;
  }

  HoneyHiveExport export() {
    return export;
  }
}
