package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 *
 * <p>Instances are thread-safe. Telemetry failures never reach the caller: they are logged once
 * and counted.
 */
public final class HoneyHiveTracer implements AutoCloseable {

  /** The instrumentation scope name of every span we create. */
  public static final String INSTRUMENTATION_SCOPE = "ai.honeyhive.langchain4j";

  static final String VERSION = loadVersion();

  private static final Logger logger = Logger.getLogger(HoneyHiveTracer.class.getName());

  private final OpenTelemetry openTelemetry;
  private final HoneyHiveExport export;
  private final HoneyHiveEvents events;
  private final String sessionId;
  private final String project;
  private final String source;
  private final String serverUrl;
  private final boolean captureContent;
  private final boolean disabled;
  private final boolean localOnly;
  private final boolean console;
  private final boolean hasApiKey;
  private final Duration shutdownTimeout;
  private final InternalFailures failures = new InternalFailures();
  private final Enricher enricher;
  private final Instrumentation instrumentation;
  private final HoneyHiveChatModelListener chatModelListener;
  private AiServiceHooks aiServiceHooks;
  private RagListeners ragListeners;
  /** A {@link HoneyHiveAgentListener}, typed Object so that only its first use loads the agentic module. */
  private Object agentListener;
  private Object mcpTracing;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean warnedNoApiKey = new AtomicBoolean();

  /** Everything {@link HoneyHiveTracerBuilder#build()} resolved. */
  static final class Config {
    OpenTelemetry openTelemetry;
    HoneyHiveExport export;
    String apiKey;
    String sessionId;
    String project;
    String source = HoneyHiveTracerBuilder.DEFAULT_SOURCE;
    String sessionName;
    String serverUrl = HoneyHiveTracerBuilder.DEFAULT_SERVER_URL;
    boolean captureContent = true;
    boolean disabled;
    boolean localOnly;
    boolean console;
    int maxEnrichmentValueLength = Enricher.DEFAULT_MAX_VALUE_LENGTH;
    boolean redactSecrets = true;
    BiFunction<String, Object, Object> redactor;
    java.util.function.UnaryOperator<String> contentRedactor;
    Duration eventsTimeout = Duration.ofSeconds(10);
    Duration shutdownTimeout = Duration.ofSeconds(5);
    Duration eventsBackoff = Duration.ofMillis(500);
  }

  HoneyHiveTracer(Config config) {
    this.openTelemetry = config.openTelemetry;
    this.export = config.export;
    this.sessionId = config.sessionId;
    this.project = config.project;
    this.source = config.source;
    this.serverUrl = config.serverUrl;
    this.captureContent = config.captureContent;
    this.disabled = config.disabled;
    this.localOnly = config.localOnly;
    this.console = config.console;
    this.hasApiKey = config.apiKey != null;
    this.shutdownTimeout = config.shutdownTimeout;
    this.events =
        config.apiKey == null || config.disabled
            ? null
            : new HoneyHiveEvents(
                config.serverUrl, config.apiKey, config.source, config.eventsTimeout, config.eventsBackoff);
    if (events != null) {
      if (config.project != null && !config.localOnly) {
        events.startSession(sessionId, config.project, config.sessionName != null ? config.sessionName : config.project);
      } else {
        events.noSessionStart();
      }
    }
    this.enricher =
        new Enricher(
            config.maxEnrichmentValueLength, config.redactSecrets, config.redactor, failures);
    Tracer tracer =
        openTelemetry.tracerBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(VERSION).build();
    SessionAttributes session =
        new SessionAttributes(sessionId, project, source, config.sessionName);
    this.instrumentation =
        new Instrumentation(
            tracer,
            session,
            captureContent,
            failures,
            enricher,
            new ContentFilter(config.redactSecrets, config.contentRedactor, failures),
            export == null ? HoneyHiveExport.deferredContentFor(openTelemetry) : export.lateAttributes());
    this.chatModelListener = new HoneyHiveChatModelListener(instrumentation);
    if (export != null) {
      export.stampForeignSpans(INSTRUMENTATION_SCOPE, (parent, span) -> session.apply(span, parent));
    }
    this.shutdownHook =
        export == null && events == null ? null : registerShutdownHook(export, events, shutdownTimeout);
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
   * The HoneyHive session id for {@code id}: HoneyHive needs a lowercase UUID. A UUID in any case is
   * returned lowercased; any other string (a conversation id, a ticket number) maps to a fixed
   * name-based UUID, the same in every process and service: version 5 of {@code
   * "honeyhive-session:" + id} in RFC 4122's URL namespace (in Python, {@code
   * uuid.uuid5(uuid.NAMESPACE_URL, "honeyhive-session:" + id)}). Every session id this library
   * accepts (builder, {@link EnrichmentContext.Builder#sessionId(String)}, baggage from another
   * service, {@link #enrichSession(String, EnrichmentContext)}) goes through this mapping, so you
   * only need it to find the session in HoneyHive's UI or API.
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
    return sessionId;
  }

  /**
   * The HoneyHive project spans are recorded in; null only with a user-supplied OpenTelemetry.
   *
   * @return the project name ({@code local} for console-only output), or null if none was set
   */
  public String project() {
    return project;
  }

  /**
   * The source (environment) spans are tagged with, for example {@code dev} or {@code prod}.
   *
   * @return the source; never null, {@value HoneyHiveTracerBuilder#DEFAULT_SOURCE} unless set
   */
  public String source() {
    return source;
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
    return openTelemetry;
  }

  /**
   * Blocks until every span finished so far is exported, at most 30 seconds. Call it before a
   * short-lived program exits. With a user-supplied OpenTelemetry, flushes it if it is the SDK.
   *
   * @return true if everything was exported in time; false on timeout, on export failure (which is
   *     logged by the exporter), or at once if this tracer's own export was closed
   */
  public boolean flush() {
    if (closed.get() && export != null) {
      return false;
    }
    try {
      // Spans first: an update to an event waits (404, retried) until HoneyHive has its span.
      boolean spansSent =
          export != null
              ? export.flush(HoneyHiveExport.EXPORT_TIMEOUT)
              : HoneyHiveExport.flush(openTelemetry, HoneyHiveExport.EXPORT_TIMEOUT);
      boolean enrichmentSent = events == null || events.flush(HoneyHiveExport.EXPORT_TIMEOUT);
      return spansSent && enrichmentSent;
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
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // The hook is running or about to: it does the same work.
        }
      }
      // One deadline for everything: close() never takes longer than shutdownTimeout.
      long deadline = System.nanoTime() + shutdownTimeout.toNanos();
      if (export != null) {
        export.shutdown(shutdownTimeout);
      } else {
        HoneyHiveExport.flush(openTelemetry, shutdownTimeout);
      }
      if (events != null) {
        events.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        events.close();
      }
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
    try {
      if (enrichment == null) {
        failures.record("enrichSpan(null)", new NullPointerException("enrichment"));
        return false;
      }
      Span span = Span.current();
      if (!span.isRecording()) {
        return false;
      }
      enricher.apply(span, enrichment);
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
    EnrichmentContext enrichment;
    try {
      enrichment = lenient(metadata);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichSpan(Map)", t);
      return false;
    }
    return enrichSpan(enrichment);
  }

  /**
   * Enriches the current session: the session in W3C baggage ({@code session_id}, set by an {@link
   * EnrichmentContext} with a session id or by an upstream service), else this tracer's. Like
   * HoneyHive's {@code enrich_session}: the values are sent to HoneyHive's session record ({@code
   * PUT /events}) in the background. They are not copied onto the session's spans: the session is
   * the root event, and its metrics or feedback repeated on every event would be counted again on
   * each. Inputs go to the record's {@code metadata.inputs}, an error to {@code metadata.error},
   * as HoneyHive's SDK sends them. Never throws and never blocks on the network; failures are
   * retried, then counted and logged once.
   *
   * @param enrichment the values to send; its session id, if set, names the session. Null is
   *     logged once and ignored
   */
  public void enrichSession(EnrichmentContext enrichment) {
    String target = enrichment != null && enrichment.sessionId() != null ? enrichment.sessionId() : currentSessionId();
    enrichSession(target, enrichment);
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
    try {
      if (sessionId == null || sessionId.isBlank() || enrichment == null) {
        failures.record(
            "enrichSession", new IllegalArgumentException("sessionId and enrichment must be set"));
        return;
      }
      String id = SessionIds.normalize(sessionId);
      update("session " + id, id, enrichment);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichSession", t);
    }
  }

  /**
   * Attaches {@code enrichment} to an event that already happened, for example a user's thumbs-up
   * minutes after the answer: {@code enrichEvent(id, EnrichmentContext.builder().feedback("rating",
   * 5).build())}. The id is one you gave a request with {@link
   * EnrichmentContext.Builder#eventId(String)} (its outermost span carries it), a session id, or an
   * id from HoneyHive's UI or API. Sent in the background like {@link
   * #enrichSession(EnrichmentContext)}, retried while HoneyHive has not ingested the event yet;
   * never throws.
   *
   * @param eventId the event's id, mapped as by {@link #sessionIdFor(String)}; null or blank is
   *     logged once and ignored
   * @param enrichment the values to attach; null is logged once and ignored
   */
  public void enrichEvent(String eventId, EnrichmentContext enrichment) {
    try {
      if (eventId == null || eventId.isBlank() || enrichment == null) {
        failures.record("enrichEvent", new IllegalArgumentException("eventId and enrichment must be set"));
        return;
      }
      String id = SessionIds.normalize(eventId);
      update("event " + id, id, enrichment);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichEvent", t);
    }
  }

  private void update(String what, String eventId, EnrichmentContext enrichment) {
    if (console && export != null) {
      printUpdate(what, eventId, enrichment);
    }
    if (events == null) {
      if (!disabled && !localOnly && warnedNoApiKey.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "HoneyHive: no API key, so session and event updates (enrichSession, enrichEvent) are"
                + " not sent; set apiKey(...) or HH_API_KEY to send them.");
      }
      return;
    }
    events.send(what, () -> enricher.eventUpdateJson(eventId, enrichment));
  }

  /**
   * The console view's line for a session or event update: the body of the {@code PUT /events} this
   * tracer sends (or would send, with an API key), under the trees it prints. Development only.
   */
  private void printUpdate(String what, String eventId, EnrichmentContext enrichment) {
    String body;
    try {
      body = enricher.eventUpdateJson(eventId, enrichment);
    } catch (java.io.IOException | RuntimeException e) {
      body = "(unreadable: " + e.getClass().getSimpleName() + ")";
    }
    if (body.length() > MAX_CONSOLE_UPDATE) {
      body = body.substring(0, MAX_CONSOLE_UPDATE - 1) + "…";
    }
    export.printToConsole(
        "update " + what + "  PUT /events " + body + (events == null ? "  (console only: not sent)" : ""));
  }

  private static final int MAX_CONSOLE_UPDATE = 300;

  /** The session of the current request: W3C baggage {@code session_id}, else this tracer's. */
  String currentSessionId() {
    Baggage baggage = Baggage.current();
    String fromBaggage = baggage.getEntryValue(SessionAttributes.BAGGAGE_SESSION_ID);
    return fromBaggage != null && !fromBaggage.isBlank() ? SessionIds.normalize(fromBaggage) : sessionId;
  }

  private EnrichmentContext lenient(Map<String, ?> metadata) {
    if (metadata == null) {
      return null;
    }
    EnrichmentContext.Builder builder = EnrichmentContext.builder();
    for (Map.Entry<String, ?> e : metadata.entrySet()) {
      try {
        builder.metadata(e.getKey(), e.getValue());
      } catch (IllegalArgumentException invalid) {
        failures.record("enrichSpan(Map)", invalid);
      }
    }
    return builder.build();
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
    if (type == null) {
      throw new NullPointerException("decorate(type, delegate): type must not be null");
    }
    if (delegate == null) {
      throw new NullPointerException("decorate(type, delegate): delegate must not be null");
    }
    if (!type.isInterface()) {
      throw new IllegalArgumentException(
          "decorate(type, delegate): " + type.getName() + " is not an interface; pass the AI-service interface");
    }
    if (!type.isInstance(delegate)) {
      throw new IllegalArgumentException(
          "decorate(type, delegate): the delegate, a " + delegate.getClass().getName()
              + ", does not implement " + type.getName());
    }
    Object proxy =
        java.lang.reflect.Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            new TracingInvocationHandler(type, delegate, instrumentation));
    return type.cast(proxy);
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
  public dev.langchain4j.model.chat.StreamingChatModel decorate(
      dev.langchain4j.model.chat.StreamingChatModel model) {
    if (model == null) {
      throw new NullPointerException("decorate(model): model must not be null");
    }
    return new TracingStreamingChatModel(model, failures);
  }

  /**
   * Registers everything an AI service can report on {@code aiServices}: tool spans ({@link
   * #beforeToolExecution()}, {@link #afterToolExecution()}) and the {@link #aiServiceListeners()}
   * (guardrails, and the invocation bookkeeping that parents tool spans correctly). Returns the same
   * builder. Models, retrievers and stores take their listeners themselves; see {@link
   * #chatModelListener()}, {@link #contentRetrieverListener()}, {@link #embeddingModelListener()},
   * {@link #embeddingStoreListener()}, {@link #moderationModelListener()}.
   *
   * <p>{@code AiServices} keeps one before- and one after-tool hook: if you set your own, set it
   * after this call and chain ours, e.g. {@code tracer.beforeToolExecution().andThen(mine)}.
   *
   * @param <T> the AI-service interface
   * @param aiServices the builder to register on; hooks its LangChain4j version lacks are skipped
   * @return {@code aiServices} itself, for chaining
   * @throws NullPointerException if {@code aiServices} is null
   */
  public <T> dev.langchain4j.service.AiServices<T> configure(dev.langchain4j.service.AiServices<T> aiServices) {
    if (aiServices == null) {
      throw new NullPointerException("configure(aiServices): aiServices must not be null");
    }
    AiServiceHooks hooks = hooks();
    // What the user's LangChain4j lacks is left out (docs/compatibility.md); build() said so once.
    if (LangChain4jFeatures.TOOL_HOOKS) {
      aiServices.beforeToolExecution(hooks.beforeToolExecution);
      aiServices.afterToolExecution(hooks.afterToolExecution);
    }
    if (LangChain4jFeatures.AI_SERVICE_LISTENERS) {
      aiServices.registerListeners(hooks.listeners);
    }
    return aiServices;
  }

  /**
   * Registers what {@link #configure(dev.langchain4j.service.AiServices)} registers (tool hooks and
   * AI-service listeners) directly on an AI-service context, for integrations that create contexts
   * through LangChain4j's {@code AiServiceContextFactory} service-provider interface, so that every
   * AI service of the application is traced without a call per service. The Spring Boot starter
   * does this; applications call {@code configure(AiServices)} instead.
   *
   * @param context a context that no {@code AiServices} builder has used yet
   * @throws NullPointerException if {@code context} is null
   */
  public void configure(dev.langchain4j.service.AiServiceContext context) {
    if (context == null) {
      throw new NullPointerException("configure(context): context must not be null");
    }
    AiServiceHooks hooks = hooks();
    if (LangChain4jFeatures.TOOL_HOOKS) {
      context.toolService.beforeToolExecution(hooks.beforeToolExecution);
      context.toolService.afterToolExecution(hooks.afterToolExecution);
    }
    if (LangChain4jFeatures.AI_SERVICE_LISTENERS) {
      context.eventListenerRegistrar.register(hooks.listeners);
    }
  }

  /**
   * The hook that starts a tool span; for {@code AiServices.beforeToolExecution(...)}.
   *
   * @return the tracer's shared instance; the same on every call
   */
  public java.util.function.Consumer<dev.langchain4j.service.tool.BeforeToolExecution> beforeToolExecution() {
    return hooks().beforeToolExecution;
  }

  /**
   * The hook that ends a tool span; for {@code AiServices.afterToolExecution(...)}.
   *
   * @return the tracer's shared instance; the same on every call
   */
  public java.util.function.Consumer<dev.langchain4j.service.tool.ToolExecution> afterToolExecution() {
    return hooks().afterToolExecution;
  }

  /**
   * The AI-service listeners, for {@code AiServices.registerListeners(...)}: input and output
   * guardrail spans, and the invocation tracking that parents tool spans run on other threads.
   *
   * @return the same list on every call; empty on LangChain4j versions without AI-service
   *     listeners
   */
  public java.util.List<dev.langchain4j.observability.api.listener.AiServiceListener<?>> aiServiceListeners() {
    return hooks().listeners;
  }

  /**
   * Retrieval spans; for {@code contentRetriever.addListener(...)}.
   *
   * <p>This and the other listener accessors below are typed by the caller's target (a {@code
   * ContentRetrieverListener} here, LangChain4j 1.11 and later) rather than in their signature, so
   * that {@code HoneyHiveTracer}'s methods name no LangChain4j type newer than 1.0: frameworks that
   * read a bean's methods by reflection (Spring, CDI) can then use this class on any 1.x release.
   *
   * @param <L> {@code dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener}
   * @return the tracer's shared instance; the same on every call
   */
  @SuppressWarnings("unchecked")
  public <L> L contentRetrieverListener() {
    return (L) rag().contentRetriever;
  }

  /**
   * Embedding spans (model, input count, token usage); for {@code embeddingModel.addListener(...)}.
   * Typed by the caller's target, as {@link #contentRetrieverListener()} explains.
   *
   * @param <L> {@code dev.langchain4j.model.embedding.listener.EmbeddingModelListener}
   * @return the tracer's shared instance; the same on every call
   */
  @SuppressWarnings("unchecked")
  public <L> L embeddingModelListener() {
    return (L) rag().embeddingModel;
  }

  /**
   * Embedding-store search spans (result count, scores); for {@code
   * embeddingStore.addListener(...)}. Typed by the caller's target, as {@link
   * #contentRetrieverListener()} explains.
   *
   * @param <L> {@code dev.langchain4j.store.embedding.listener.EmbeddingStoreListener}
   * @return the tracer's shared instance; the same on every call
   */
  @SuppressWarnings("unchecked")
  public <L> L embeddingStoreListener() {
    return (L) rag().embeddingStore;
  }

  /**
   * Moderation spans; for a moderation model's {@code listeners()}. Typed by the caller's target,
   * as {@link #contentRetrieverListener()} explains.
   *
   * @param <L> {@code dev.langchain4j.model.moderation.listener.ModerationModelListener} (LangChain4j
   *     1.12 and later)
   * @return the tracer's shared instance; the same on every call
   */
  @SuppressWarnings("unchecked")
  public <L> L moderationModelListener() {
    return (L) rag().moderationModel;
  }

  /**
   * Agent spans for LangChain4j's agentic module ({@code langchain4j-agentic} 1.13.0-beta23 and
   * later), as an {@code AgentListener} that its sub-agents inherit: register it once, on the
   * outermost agentic builder, and the whole system is traced.
   *
   * <pre>{@code
   * UntypedAgent story = AgenticServices.sequenceBuilder()
   *     .subAgents(writer, editor)
   *     .listener(tracer.agentListener())
   *     .build();
   * }</pre>
   *
   * <p>Each agent invocation is an {@code invoke_agent {name}} span (a HoneyHive {@code chain}
   * event) with {@code gen_ai.agent.name}, {@code gen_ai.agent.id} and the agentic scope's memory id
   * as {@code gen_ai.conversation.id}; workflows are the parents of their sub-agents, also those a
   * parallel workflow runs on other threads. The agent's span is current while it runs, so the
   * model calls it makes (models with {@link #chatModelListener()}) nest beneath it. Its tool calls
   * are tool spans; the state it read and wrote are {@code honeyhive_inputs.*} and {@code
   * honeyhive_outputs.*} (if content capture is on); an error is recorded on the span, and a
   * suspension (human in the loop) is an event on the workflow's span. Typed by the caller's target,
   * as {@link #contentRetrieverListener()} explains.
   *
   * @param <L> {@code dev.langchain4j.agentic.observability.AgentListener}
   * @return the tracer's shared instance; the same on every call
   * @throws IllegalStateException if {@code langchain4j-agentic} 1.13.0-beta23 or later is not on
   *     the classpath
   */
  @SuppressWarnings("unchecked")
  public <L> L agentListener() {
    return (L) agents();
  }

  private synchronized Object agents() {
    if (agentListener == null) {
      if (!LangChain4jFeatures.AGENTIC) {
        throw new IllegalStateException(
            "agentListener() needs dev.langchain4j:langchain4j-agentic 1.13.0-beta23 or later on the"
                + " classpath"
                + (LangChain4jFeatures.AGENTIC_TOO_OLD ? "; the one there is older" : "; it is not there"));
      }
      agentListener = new HoneyHiveAgentListener(instrumentation);
    }
    return agentListener;
  }

  /**
   * MCP client spans; for {@code DefaultMcpClient.builder().addListener(...)}. One span per request
   * (tools/call, tools/list, resources, prompts, initialize; pings only inside a traced operation),
   * after OpenTelemetry's MCP conventions: {@code tools/call get-sum}, kind CLIENT, with {@code
   * mcp.method.name}, {@code jsonrpc.request.id}, {@code gen_ai.tool.name}, errors recorded. A tool
   * call an AI service makes through {@code McpToolProvider} is a child of that tool's {@code
   * execute_tool} span. Register {@link #mcpMetaSupplier()} too, so that the server continues the
   * trace and session. This listener does not know the transport; {@link
   * #mcpClientListener(Object)} does. Typed by the caller's target, as {@link
   * #contentRetrieverListener()} explains.
   *
   * @param <L> {@code dev.langchain4j.mcp.client.McpClientListener}
   * @return the tracer's shared instance; the same on every call
   * @throws IllegalStateException if {@code langchain4j-mcp} 1.14.0-beta24 or later is not on the
   *     classpath
   */
  @SuppressWarnings("unchecked")
  public <L> L mcpClientListener() {
    return (L) mcp().listener;
  }

  /**
   * Like {@link #mcpClientListener()}, for a client over {@code transport}: its spans also record
   * {@code network.transport} ({@code pipe} for stdio, {@code tcp} for HTTP and WebSocket), {@code
   * network.protocol.name}, and on streamable HTTP the {@code mcp.session.id} the server assigned.
   *
   * <pre>{@code
   * McpTransport transport = StdioMcpTransport.builder().command(List.of("...")).build();
   * McpClient client = DefaultMcpClient.builder()
   *     .transport(transport)
   *     .addListener(tracer.mcpClientListener(transport))
   *     .metaSupplier(tracer.mcpMetaSupplier())
   *     .build();
   * }</pre>
   *
   * @param <L> {@code dev.langchain4j.mcp.client.McpClientListener}
   * @param transport the client's {@code dev.langchain4j.mcp.client.transport.McpTransport}
   * @return a new listener for that client
   * @throws NullPointerException if {@code transport} is null
   * @throws IllegalArgumentException if {@code transport} is not an {@code McpTransport}
   * @throws IllegalStateException if {@code langchain4j-mcp} 1.14.0-beta24 or later is not on the
   *     classpath
   */
  @SuppressWarnings("unchecked")
  public <L> L mcpClientListener(Object transport) {
    if (transport == null) {
      throw new NullPointerException("mcpClientListener(transport): transport must not be null");
    }
    return (L) mcp().listener(transport);
  }

  /**
   * The trace context for each MCP request's {@code params._meta}; for {@code
   * DefaultMcpClient.builder().metaSupplier(...)}. It supplies {@code traceparent} and {@code
   * tracestate} of the request's span (with {@link #mcpClientListener()} registered; else of the
   * current span) and {@code baggage} carrying the HoneyHive session id ({@code session_id}), in
   * W3C format whatever propagators the OpenTelemetry instance has: these are the keys MCP reserves
   * for trace context. A server traced with HoneyHive continues the same trace and session. The
   * client keeps one supplier: to send your own {@code _meta} too, merge the two maps. Typed by the
   * caller's target, as {@link #contentRetrieverListener()} explains.
   *
   * @param <S> {@code dev.langchain4j.mcp.client.McpMetaSupplier}
   * @return the tracer's shared instance; the same on every call
   * @throws IllegalStateException if {@code langchain4j-mcp} 1.14.0-beta24 or later is not on the
   *     classpath
   */
  @SuppressWarnings("unchecked")
  public <S> S mcpMetaSupplier() {
    return (S) mcp().metaSupplier;
  }

  /**
   * The same trace context as {@link #mcpMetaSupplier()}, as HTTP headers; for the {@code
   * customHeaders(...)} of {@code StreamableHttpMcpTransport} and {@code HttpMcpTransport}, so that
   * HTTP-level tracing on the server's side sees it too. Those builders overload {@code
   * customHeaders}, so name the type: {@code tracer.<McpHeadersSupplier>mcpHeadersSupplier()}. To
   * send headers of your own as well, merge the two maps.
   *
   * @param <S> {@code dev.langchain4j.mcp.client.McpHeadersSupplier}
   * @return the tracer's shared instance; the same on every call
   * @throws IllegalStateException if {@code langchain4j-mcp} 1.14.0-beta24 or later is not on the
   *     classpath
   */
  @SuppressWarnings("unchecked")
  public <S> S mcpHeadersSupplier() {
    return (S) mcp().headersSupplier;
  }

  private synchronized McpTracing mcp() {
    // Created on first use, and only with the module: McpTracing's types are langchain4j-mcp's.
    if (mcpTracing == null) {
      if (!LangChain4jFeatures.MCP) {
        throw new IllegalStateException(
            "MCP tracing needs dev.langchain4j:langchain4j-mcp 1.14.0-beta24 or later on the classpath");
      }
      mcpTracing = new McpTracing(instrumentation, sessionId);
    }
    return (McpTracing) mcpTracing;
  }

  private synchronized AiServiceHooks hooks() {
    // Created on first use: it needs the langchain4j module, which core-only users do not have.
    if (aiServiceHooks == null) {
      aiServiceHooks = new AiServiceHooks(instrumentation);
    }
    return aiServiceHooks;
  }

  private synchronized RagListeners rag() {
    if (ragListeners == null) {
      ragListeners = new RagListeners(instrumentation);
    }
    return ragListeners;
  }

  HoneyHiveEvents events() {
    return events;
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

  HoneyHiveExport export() {
    return export;
  }

  long contentTruncations() {
    return instrumentation.content.truncated();
  }

  /** Count of faults in our own instrumentation code (never the user's); for tests and support. */
  long internalFailureCount() {
    return failures.count();
  }

  Instrumentation instrumentation() {
    return instrumentation;
  }

  InternalFailures failures() {
    return failures;
  }

  boolean captureContent() {
    return captureContent;
  }

  @Override
  public String toString() {
    return "HoneyHiveTracer{project="
        + project
        + ", source="
        + source
        + ", sessionId="
        + sessionId
        + ", serverUrl="
        + serverUrl
        + ", apiKey="
        + (hasApiKey ? "OBFUSCATED" : "none")
        + ", captureContent="
        + captureContent
        + ", export="
        + exportDescription()
        + '}';
  }

  private String exportDescription() {
    if (disabled) {
      return "disabled";
    }
    if (export == null) {
      return "user-supplied OpenTelemetry";
    }
    if (console) {
      return localOnly ? "console" : "console+honeyhive";
    }
    return "honeyhive";
  }

  private static Thread registerShutdownHook(
      HoneyHiveExport export, HoneyHiveEvents events, Duration timeout) {
    Thread hook =
        new Thread(
            () -> {
              try {
                // Bounded: an unreachable HoneyHive must not hold up the JVM's exit.
                long deadline = System.nanoTime() + timeout.toNanos();
                if (export != null) {
                  export.shutdown(timeout);
                }
                if (events != null) {
                  events.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
              } catch (Throwable t) {
                logger.log(Level.WARNING, "HoneyHive: flushing spans at JVM exit failed", t);
              }
            },
            "honeyhive-shutdown-flush");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return hook;
    } catch (IllegalStateException shuttingDown) {
      return null;
    }
  }

  private static String loadVersion() {
    try (InputStream in = HoneyHiveTracer.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (Exception ignored) {
      // Fall through: a missing version must not stop tracing.
    }
    return "unknown";
  }
}
