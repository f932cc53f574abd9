package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.export.HoneyHiveExport;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
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
  private final String sessionId;
  private final String project;
  private final String source;
  private final String serverUrl;
  private final boolean captureContent;
  private final boolean disabled;
  private final InternalFailures failures = new InternalFailures();
  private final HoneyHiveChatModelListener chatModelListener;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  HoneyHiveTracer(
      OpenTelemetry openTelemetry,
      HoneyHiveExport export,
      String sessionId,
      String project,
      String source,
      String sessionName,
      String serverUrl,
      boolean captureContent,
      boolean disabled) {
    this.openTelemetry = openTelemetry;
    this.export = export;
    this.sessionId = sessionId;
    this.project = project;
    this.source = source;
    this.serverUrl = serverUrl;
    this.captureContent = captureContent;
    this.disabled = disabled;
    Tracer tracer =
        openTelemetry.tracerBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(VERSION).build();
    SessionAttributes session = new SessionAttributes(sessionId, project, source, sessionName);
    this.chatModelListener =
        new HoneyHiveChatModelListener(tracer, session, captureContent, failures);
    this.shutdownHook = export == null ? null : registerShutdownHook(export);
  }

  /** Returns a builder; unset options are read from the environment at {@code build()}. */
  public static HoneyHiveTracerBuilder builder() {
    return new HoneyHiveTracerBuilder();
  }

  /**
   * Builds a tracer from the environment alone: {@code HH_API_KEY}, {@code HH_PROJECT}, and
   * optionally {@code HH_API_URL}, {@code HH_SOURCE}, {@code HH_SESSION_NAME}.
   *
   * @throws IllegalStateException if {@code HH_API_KEY} or {@code HH_PROJECT} is not set
   */
  public static HoneyHiveTracer fromEnv() {
    return builder().build();
  }

  /**
   * The listener to register on any LangChain4j {@code ChatModel} or {@code StreamingChatModel}
   * (for example with {@code OpenAiChatModel.builder().listeners(List.of(...))}). It creates one
   * span per call. The same instance serves every model; it holds no per-call state.
   */
  public ChatModelListener chatModelListener() {
    return chatModelListener;
  }

  /**
   * The id of this tracer's session, a UUID unless set with {@link
   * HoneyHiveTracerBuilder#sessionId(String)}. A request whose W3C baggage carries {@code
   * session_id} is recorded in that session instead.
   */
  public String sessionId() {
    return sessionId;
  }

  /** The HoneyHive project spans are recorded in; null only with a user-supplied OpenTelemetry. */
  public String project() {
    return project;
  }

  /** The source (environment) spans are tagged with, for example {@code dev} or {@code prod}. */
  public String source() {
    return source;
  }

  /**
   * The OpenTelemetry instance spans are created with: the one given to the builder, or the SDK
   * this tracer created to export to HoneyHive. Use its propagators to carry the trace and session
   * to other services.
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
      if (export != null) {
        return export.flush(HoneyHiveExport.EXPORT_TIMEOUT);
      }
      return HoneyHiveExport.flush(openTelemetry, HoneyHiveExport.EXPORT_TIMEOUT);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.flush", t);
      return false;
    }
  }

  /**
   * Flushes and stops this tracer's own export, waiting at most 30 seconds; spans of chat calls
   * made after that are not exported. A user-supplied OpenTelemetry is flushed but not shut down:
   * it is the user's. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // The hook is running or about to: it does the same work.
        }
      }
      if (export != null) {
        export.shutdown(HoneyHiveExport.EXPORT_TIMEOUT);
      } else {
        HoneyHiveExport.flush(openTelemetry, HoneyHiveExport.EXPORT_TIMEOUT);
      }
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.close", t);
    }
  }

  /** Count of faults in our own instrumentation code (never the user's); for tests and support. */
  long internalFailureCount() {
    return failures.count();
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
        + ", apiKey=OBFUSCATED"
        + ", captureContent="
        + captureContent
        + ", export="
        + (disabled ? "disabled" : export != null ? "honeyhive" : "user-supplied OpenTelemetry")
        + '}';
  }

  private static Thread registerShutdownHook(HoneyHiveExport export) {
    Thread hook =
        new Thread(
            () -> {
              try {
                export.shutdown(HoneyHiveExport.EXPORT_TIMEOUT);
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
