package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.RequestEnrichment;
import ai.honeyhive.langchain4j.internal.SessionAttributes;
import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveApi;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveEvents;
import ai.honeyhive.langchain4j.internal.Library;
import ai.honeyhive.langchain4j.internal.SessionIds;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * A tracer's configuration, resolved once in {@link HoneyHiveTracerBuilder#build()}: what was set in
 * code, else the {@code HH_*} environment, else the defaults; checked as a whole, with the export
 * (HoneyHive's, the console's, or the user's OpenTelemetry) chosen and created.
 */
final class TracerConfig {

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
  UnaryOperator<String> contentRedactor;
  Duration eventsTimeout = Duration.ofSeconds(10);
  Duration shutdownTimeout = Duration.ofSeconds(5);
  Duration eventsBackoff = Duration.ofMillis(500);

  /**
   * The REST client for session and event updates, with this tracer's session started (unless
   * console-only); null without an API key or when disabled.
   */
  HoneyHiveEvents startEvents() {
    if (apiKey == null || disabled) {
      return null;
    }
    HoneyHiveEvents events = new HoneyHiveEvents(serverUrl, apiKey, source, eventsTimeout, eventsBackoff);
    if (project != null && !localOnly) {
      events.startSession(sessionId, project, sessionName != null ? sessionName : project);
    } else {
      events.noSessionStart();
    }
    return events;
  }

  /** The span factory for this configuration: its tracer, session, content pipeline and export. */
  Instrumentation instrumentation(RequestEnrichment enrichment, InternalFailures failures) {
    return new Instrumentation(
        openTelemetry.tracerBuilder(Library.INSTRUMENTATION_SCOPE).setInstrumentationVersion(Library.VERSION).build(),
        new SessionAttributes(sessionId, project, source, sessionName),
        captureContent,
        failures,
        enrichment,
        new ContentFilter(redactSecrets, contentRedactor, failures),
        export == null ? HoneyHiveExport.deferredContentFor(openTelemetry) : export.lateAttributes(),
        apiKey == null || disabled || localOnly ? null : new HoneyHiveApi(serverUrl, apiKey, project, source));
  }

  /** The configuration as {@code HoneyHiveTracer.toString()} shows it: never the API key. */
  @Override
  public String toString() {
    return "{project=" + project
        + ", source=" + source
        + ", sessionId=" + sessionId
        + ", serverUrl=" + serverUrl
        + ", apiKey=" + (apiKey != null ? "OBFUSCATED" : "none")
        + ", captureContent=" + captureContent
        + ", export=" + exportDescription()
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

  /** What {@code b} and the environment say, checked; see {@link HoneyHiveTracerBuilder#build()}. */
  static TracerConfig resolve(HoneyHiveTracerBuilder b) {
    String resolvedApiKey = b.apiKey != null ? b.apiKey : env(b, "HH_API_KEY");
    String resolvedProject = b.project != null ? b.project : env(b, "HH_PROJECT");
    String resolvedSource = firstNonNull(b.source, env(b, "HH_SOURCE"), HoneyHiveTracerBuilder.DEFAULT_SOURCE);
    String resolvedServerUrl =
        b.serverUrl != null
            ? b.serverUrl
            : env(b, "HH_API_URL") != null
                ? HoneyHiveTracerBuilder.checkUrl(env(b, "HH_API_URL"), "HH_API_URL")
                : HoneyHiveTracerBuilder.DEFAULT_SERVER_URL;
    String resolvedSessionName = firstNonNull(b.sessionName, env(b, "HH_SESSION_NAME"), resolvedProject);
    String resolvedSessionId =
        b.sessionId != null ? SessionIds.normalize(b.sessionId) : UUID.randomUUID().toString();
    boolean disabled = "true".equalsIgnoreCase(env(b, "HH_DISABLE_TRACING"));
    String baseUrl = HoneyHiveExport.baseUrl(resolvedServerUrl);
    if (!baseUrl.equals(resolvedServerUrl)) {
      // The full OTLP endpoint, as docs/opentelemetry.md shows it for OpenTelemetry's own exporter:
      // the user's intent is plain, so use the base URL (for sessions and events too) and say so.
      if (!disabled) {
        Logger.getLogger(Library.LOGGER_NAME)
            .warning(
                "HoneyHive: " + (b.serverUrl != null ? "serverUrl " : "HH_API_URL ") + resolvedServerUrl
                    + " is the full OTLP endpoint; using " + baseUrl + ", to which "
                    + HoneyHiveExport.TRACES_PATH + " is appended. Set it to " + baseUrl
                    + " to silence this warning.");
      }
      resolvedServerUrl = baseUrl;
    }
    boolean gzip = b.compression != null ? b.compression.equals("gzip") : "gzip".equals(HoneyHiveTracerBuilder.checkCompression(env(b, "HH_OTLP_COMPRESSION"), "HH_OTLP_COMPRESSION"));

    TracerConfig config = new TracerConfig();
    config.apiKey = resolvedApiKey;
    config.sessionId = resolvedSessionId;
    config.project = resolvedProject;
    config.source = resolvedSource;
    config.sessionName = resolvedSessionName;
    config.serverUrl = resolvedServerUrl;
    config.captureContent = b.captureContent;
    config.maxEnrichmentValueLength = b.maxEnrichmentValueLength;
    config.redactSecrets = b.redactSecrets;
    config.redactor = b.redactor;
    config.contentRedactor = b.contentRedactor;
    config.eventsTimeout = b.eventsTimeout;
    config.eventsBackoff = b.eventsBackoff;
    config.shutdownTimeout = b.shutdownTimeout;
    if (!disabled && resolvedApiKey != null) {
      checkTransport(resolvedServerUrl, b.allowPlainHttp);
    }
    // One INFO line, once per JVM, if the user's LangChain4j turns some spans off.
    LangChain4jFeatures.reportOnce();
    if (disabled) {
      config.openTelemetry = OpenTelemetry.noop();
      config.disabled = true;
      return config;
    }
    boolean printTraces = b.consoleSet ? b.console : "true".equalsIgnoreCase(env(b, "HH_CONSOLE"));
    if (b.openTelemetry != null) {
      if (printTraces) {
        throw new IllegalStateException(
            "console(true) prints from the tracer's own SDK and cannot be combined with"
                + " openTelemetry(...): add a logging exporter to your SDK instead, or drop one of them");
      }
      config.openTelemetry = b.openTelemetry;
      return config;
    }
    if (printTraces) {
      String project = resolvedProject != null ? resolvedProject : "local";
      config.project = project;
      config.sessionName = resolvedSessionName != null ? resolvedSessionName : project;
      boolean alsoToHoneyHive = resolvedApiKey != null && resolvedProject != null;
      HoneyHiveExport export =
          HoneyHiveExport.createConsole(
              System.out,
              alsoToHoneyHive
                  ? HoneyHiveExport.spanExporter(
                      resolvedServerUrl, resolvedApiKey, resolvedSource, Library.VERSION, gzip)
                  : null,
              alsoToHoneyHive
                  ? new HoneyHiveExport.ExportHealthSpec(resolvedServerUrl, resolvedApiKey, resolvedSource, resolvedProject)
                  : null,
              firstNonNull(env(b, "OTEL_SERVICE_NAME"), project, project));
      config.openTelemetry = export.openTelemetry();
      config.export = export;
      config.localOnly = resolvedApiKey == null || resolvedProject == null;
      config.console = true;
      return config;
    }
    if (resolvedApiKey == null) {
      throw new IllegalStateException(
          "HoneyHive API key is not set: call HoneyHiveTracer.builder().apiKey(...) or set the"
              + " HH_API_KEY environment variable (or pass openTelemetry(...) to export yourself)");
    }
    if (resolvedProject == null) {
      throw new IllegalStateException(
          "HoneyHive project is not set: call HoneyHiveTracer.builder().project(...) or set the"
              + " HH_PROJECT environment variable");
    }
    String serviceName = firstNonNull(env(b, "OTEL_SERVICE_NAME"), resolvedProject, resolvedProject);
    HoneyHiveExport export =
        HoneyHiveExport.create(
            resolvedServerUrl,
            resolvedApiKey,
            resolvedSource,
            resolvedProject,
            serviceName,
            Library.VERSION,
            gzip);
    config.openTelemetry = export.openTelemetry();
    config.export = export;
    return config;
  }



  private static void checkTransport(String url, boolean allowPlainHttp) {
    URI uri = URI.create(url);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
      return;
    }
    if (!allowPlainHttp) {
      throw new IllegalStateException(
          "serverUrl " + url + " uses plain HTTP to another host: the API key and span content would"
              + " travel unencrypted. Use https://, or call allowPlainHttp(true) if a TLS-terminating"
              + " proxy on a trusted network sits in between");
    }
    Logger.getLogger(Library.LOGGER_NAME)
        .warning("HoneyHive: sending the API key and spans over plain HTTP to " + url + " (allowPlainHttp)");
  }


  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }


  /** A blank environment variable counts as unset. */
  private static String env(HoneyHiveTracerBuilder b, String name) {
    String value = b.environment.apply(name);
    return value == null || value.isBlank() ? null : value.trim();
  }


  private static String firstNonNull(String a, String b, String c) {
    return a != null ? a : b != null ? b : c;
  }
}
