package ai.honeyhive.langchain4j.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code honeyhive.*} properties. Each one is optional and falls back to the environment
 * variable that {@code HoneyHiveTracer.builder()} reads ({@code HH_API_KEY}, {@code HH_PROJECT},
 * {@code HH_API_URL}, {@code HH_SOURCE}, {@code HH_SESSION_NAME}, {@code HH_CONSOLE}), and then to
 * the builder's default. Tracing is on when an API key and a project are known, or when {@code
 * honeyhive.console=true}; otherwise the application starts untraced and says so in one log line.
 */
@ConfigurationProperties(prefix = "honeyhive")
public class HoneyHiveProperties {

  /** Whether to trace at all. Set to false to turn the starter off without removing it. */
  private boolean enabled = true;

  /** HoneyHive API key (falls back to HH_API_KEY). Never logged. */
  private String apiKey;

  /** HoneyHive project that receives the traces (falls back to HH_PROJECT). */
  private String project;

  /** Source (environment) label, for example "production" (falls back to HH_SOURCE, then "dev"). */
  private String source;

  /** HoneyHive API base URL (falls back to HH_API_URL, then https://api.dp1.us.honeyhive.ai). */
  private String serverUrl;

  /** Session name (falls back to HH_SESSION_NAME, then the project). */
  private String sessionName;

  /** Whether prompts, completions, tool arguments and results are recorded. */
  private boolean captureContent = true;

  /**
   * Print each finished trace as a tree on standard output (falls back to HH_CONSOLE). Without an
   * API key and project, traces are printed only, not sent.
   */
  private Boolean console;

  /** Allow a plain http:// server URL to a host other than localhost. */
  private boolean allowPlainHttp;

  /** OTLP request compression: "gzip" or "none" (falls back to HH_OTLP_COMPRESSION, then "none"). */
  private String compression;

  /** How long closing the application context waits for queued spans to be sent. */
  private Duration shutdownTimeout;

  /**
   * Use the application's OpenTelemetry bean (Spring Boot's, or the Java agent's) when there is
   * one, so that the HTTP request's span is the parent of the AI-service span. When false, the
   * tracer always uses its own export to HoneyHive.
   */
  private boolean useApplicationOpenTelemetry = true;

  /**
   * Trace the methods of Spring beans marked with @HoneyHiveTrace (each call from outside the bean
   * is a span). Set to false to leave those beans unproxied.
   */
  private boolean traceAnnotations = true;

  /**
   * Whether tracing is enabled.
   *
   * @return {@code honeyhive.enabled}, default {@code true}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns the starter on or off.
   *
   * @param enabled {@code false} to trace nothing
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The API key.
   *
   * @return {@code honeyhive.api-key}, or null when unset
   */
  public String getApiKey() {
    return apiKey;
  }

  /**
   * Sets the API key.
   *
   * @param apiKey the HoneyHive API key
   */
  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * The project.
   *
   * @return {@code honeyhive.project}, or null when unset
   */
  public String getProject() {
    return project;
  }

  /**
   * Sets the project.
   *
   * @param project the HoneyHive project name
   */
  public void setProject(String project) {
    this.project = project;
  }

  /**
   * The source label.
   *
   * @return {@code honeyhive.source}, or null when unset
   */
  public String getSource() {
    return source;
  }

  /**
   * Sets the source label.
   *
   * @param source for example {@code production}
   */
  public void setSource(String source) {
    this.source = source;
  }

  /**
   * The API base URL.
   *
   * @return {@code honeyhive.server-url}, or null when unset
   */
  public String getServerUrl() {
    return serverUrl;
  }

  /**
   * Sets the API base URL.
   *
   * @param serverUrl for example {@code https://api.dp1.us.honeyhive.ai}, the default
   */
  public void setServerUrl(String serverUrl) {
    this.serverUrl = serverUrl;
  }

  /**
   * The session name.
   *
   * @return {@code honeyhive.session-name}, or null when unset
   */
  public String getSessionName() {
    return sessionName;
  }

  /**
   * Sets the session name.
   *
   * @param sessionName the name HoneyHive shows for the application's session
   */
  public void setSessionName(String sessionName) {
    this.sessionName = sessionName;
  }

  /**
   * Whether content is captured.
   *
   * @return {@code honeyhive.capture-content}, default {@code true}
   */
  public boolean isCaptureContent() {
    return captureContent;
  }

  /**
   * Turns content capture on or off.
   *
   * @param captureContent {@code false} to record no prompts, completions, arguments or results
   */
  public void setCaptureContent(boolean captureContent) {
    this.captureContent = captureContent;
  }

  /**
   * Whether traces are printed.
   *
   * @return {@code honeyhive.console}, or null when unset (then {@code HH_CONSOLE} decides)
   */
  public Boolean getConsole() {
    return console;
  }

  /**
   * Turns console output on or off.
   *
   * @param console {@code true} to print each trace as a tree
   */
  public void setConsole(Boolean console) {
    this.console = console;
  }

  /**
   * Whether plain http to a remote host is allowed.
   *
   * @return {@code honeyhive.allow-plain-http}, default {@code false}
   */
  public boolean isAllowPlainHttp() {
    return allowPlainHttp;
  }

  /**
   * Allows plain http to a remote host.
   *
   * @param allowPlainHttp {@code true} to send the API key unencrypted (a proxy inside your network)
   */
  public void setAllowPlainHttp(boolean allowPlainHttp) {
    this.allowPlainHttp = allowPlainHttp;
  }

  /**
   * The OTLP compression.
   *
   * @return {@code honeyhive.compression}, or null when unset
   */
  public String getCompression() {
    return compression;
  }

  /**
   * Sets the OTLP compression.
   *
   * @param compression {@code gzip} or {@code none}
   */
  public void setCompression(String compression) {
    this.compression = compression;
  }

  /**
   * The shutdown timeout.
   *
   * @return {@code honeyhive.shutdown-timeout}, or null when unset (the builder's default)
   */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Sets the shutdown timeout.
   *
   * @param shutdownTimeout how long closing waits for queued spans
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * Whether the application's OpenTelemetry bean is used.
   *
   * @return {@code honeyhive.use-application-open-telemetry}, default {@code true}
   */
  public boolean isUseApplicationOpenTelemetry() {
    return useApplicationOpenTelemetry;
  }

  /**
   * Chooses between the application's OpenTelemetry bean and the tracer's own export.
   *
   * @param useApplicationOpenTelemetry {@code false} to always export with the tracer's own SDK
   */
  public void setUseApplicationOpenTelemetry(boolean useApplicationOpenTelemetry) {
    this.useApplicationOpenTelemetry = useApplicationOpenTelemetry;
  }

  /**
   * Whether {@code @HoneyHiveTrace} methods of Spring beans are traced.
   *
   * @return {@code honeyhive.trace-annotations}, default {@code true}
   */
  public boolean isTraceAnnotations() {
    return traceAnnotations;
  }

  /**
   * Turns tracing of {@code @HoneyHiveTrace} bean methods on or off.
   *
   * @param traceAnnotations {@code false} to leave those beans unproxied and their calls untraced
   */
  public void setTraceAnnotations(boolean traceAnnotations) {
    this.traceAnnotations = traceAnnotations;
  }

  @Override
  public String toString() {
    return "HoneyHiveProperties{enabled=" + enabled + ", apiKey=" + (apiKey == null ? "unset" : "***")
        + ", project=" + project + ", source=" + source + ", serverUrl=" + serverUrl + "}";
  }
}
