package ai.honeyhive.langchain4j;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds a {@link HoneyHiveTracer}. Every option is optional in code: what is not set is read from
 * the environment ({@code HH_API_KEY}, {@code HH_PROJECT}, {@code HH_API_URL}, {@code HH_SOURCE},
 * {@code HH_SESSION_NAME}), then defaulted. Setters check their argument; {@link #build()} checks
 * that the combination can export, and says what to set when it cannot.
 */
public final class HoneyHiveTracerBuilder {

  /** HoneyHive's API, used when neither {@link #serverUrl(String)} nor {@code HH_API_URL} is set. */
  public static final String DEFAULT_SERVER_URL = "https://api.dp1.us.honeyhive.ai";

  /** The source used when neither {@link #source(String)} nor {@code HH_SOURCE} is set. */
  public static final String DEFAULT_SOURCE = "dev";

  String apiKey;
  String project;
  String serverUrl;
  String source;
  String sessionName;
  String sessionId;
  boolean captureContent = true;
  boolean console;
  OpenTelemetry openTelemetry;
  int maxEnrichmentValueLength = Enricher.DEFAULT_MAX_VALUE_LENGTH;
  boolean redactSecrets = true;
  BiFunction<String, Object, Object> redactor;
  java.util.function.UnaryOperator<String> contentRedactor;
  Function<String, String> environment = System::getenv;
  Duration eventsTimeout = Duration.ofSeconds(10);
  Duration eventsBackoff = Duration.ofMillis(500);

  HoneyHiveTracerBuilder() {}

  /**
   * Sets the HoneyHive API key sent as {@code Authorization: Bearer ...} with every export. It
   * never appears in logs, exceptions, spans or {@code toString()}. If unset, defaults to the
   * {@code HH_API_KEY} environment variable.
   *
   * @param apiKey the API key; surrounding whitespace is dropped
   * @return this builder
   * @throws NullPointerException if {@code apiKey} is null
   * @throws IllegalArgumentException if {@code apiKey} is blank
   */
  public HoneyHiveTracerBuilder apiKey(String apiKey) {
    this.apiKey = requireNonBlank(apiKey, "apiKey");
    return this;
  }

  /**
   * Sets the HoneyHive project that sessions and events are recorded in. If unset, defaults to the
   * {@code HH_PROJECT} environment variable.
   *
   * @param project the project name as HoneyHive shows it; surrounding whitespace is dropped
   * @return this builder
   * @throws NullPointerException if {@code project} is null
   * @throws IllegalArgumentException if {@code project} is blank
   */
  public HoneyHiveTracerBuilder project(String project) {
    this.project = requireNonBlank(project, "project");
    return this;
  }

  /**
   * Sets HoneyHive's base URL; spans go to {@code {serverUrl}/opentelemetry/v1/traces}. If unset,
   * defaults to the {@code HH_API_URL} environment variable, else {@value #DEFAULT_SERVER_URL}.
   *
   * @param serverUrl the base URL, without {@code /opentelemetry/v1/traces}; trailing slashes are
   *     dropped. Plain {@code http://} to another host also needs {@link #allowPlainHttp(boolean)}
   * @return this builder
   * @throws NullPointerException if {@code serverUrl} is null
   * @throws IllegalArgumentException if it is not an absolute http or https URL
   */
  public HoneyHiveTracerBuilder serverUrl(String serverUrl) {
    this.serverUrl = checkUrl(requireNonBlank(serverUrl, "serverUrl"), "serverUrl");
    return this;
  }

  /**
   * Sets the source (environment) every span is tagged with, for example {@code prod} or {@code
   * staging}; HoneyHive filters on it. If unset, defaults to the {@code HH_SOURCE} environment
   * variable, else {@value #DEFAULT_SOURCE}.
   *
   * @param source the source name, for example {@code prod}; surrounding whitespace is dropped
   * @return this builder
   * @throws NullPointerException if {@code source} is null
   * @throws IllegalArgumentException if {@code source} is blank
   */
  public HoneyHiveTracerBuilder source(String source) {
    this.source = requireNonBlank(source, "source");
    return this;
  }

  /**
   * Sets the name of the session HoneyHive creates for this tracer. If unset, defaults to the
   * {@code HH_SESSION_NAME} environment variable, else the project name.
   *
   * @param sessionName the session's display name; surrounding whitespace is dropped
   * @return this builder
   * @throws NullPointerException if {@code sessionName} is null
   * @throws IllegalArgumentException if {@code sessionName} is blank
   */
  public HoneyHiveTracerBuilder sessionName(String sessionName) {
    this.sessionName = requireNonBlank(sessionName, "sessionName");
    return this;
  }

  /**
   * Sets the id of this tracer's session, for example to continue a session that another process
   * started. HoneyHive needs a lowercase UUID: a UUID is lowercased, and any other string is mapped
   * to a fixed name-based UUID by {@link HoneyHiveTracer#sessionIdFor(String)}. If unset, defaults
   * to a random UUID. A request whose W3C baggage carries {@code session_id} is recorded in that
   * session instead.
   *
   * @param sessionId a UUID in any case, or any other id (such as a conversation id) to map to one
   * @return this builder
   * @throws NullPointerException if {@code sessionId} is null
   * @throws IllegalArgumentException if {@code sessionId} is blank
   */
  public HoneyHiveTracerBuilder sessionId(String sessionId) {
    this.sessionId = requireNonBlank(sessionId, "sessionId");
    return this;
  }

  /**
   * Sets whether prompts, completions, tool-call arguments and results, and tool definitions are
   * recorded on spans. Defaults to {@code true}, because seeing them is what HoneyHive is for.
   *
   * <p>Privacy and size: with capture on, everything your users type and every answer the model
   * gives leaves the process and is stored in HoneyHive, including any personal data in it, and
   * spans grow with the conversation. Turn it off where that is not acceptable; model, tokens,
   * latency, finish reasons and errors are still recorded.
   *
   * <p>Cost: with the tracer's own SDK, a chat call's content is written on the export thread
   * when its span is exported, so the call itself pays little more than with capture off; with
   * {@link #openTelemetry(OpenTelemetry)} it is written during the call. See docs/performance.md.
   *
   * @param captureContent {@code false} to leave prompts, completions and tool data off spans
   * @return this builder
   */
  public HoneyHiveTracerBuilder captureContent(boolean captureContent) {
    this.captureContent = captureContent;
    return this;
  }

  /**
   * Creates spans with this OpenTelemetry instead of creating an SDK that exports to HoneyHive: for
   * applications that already have an SDK, or run the OpenTelemetry Java agent (pass {@code
   * GlobalOpenTelemetry.get()}). Export is then the instance's own business: nothing is added to
   * it but spans, and an API key and project become optional (the project is still recorded on
   * spans when set; an API key still lets {@code enrichSession} and {@code enrichEvent} update
   * HoneyHive's records). If unset, the tracer creates and owns its own SDK.
   *
   * @param openTelemetry the instance to create spans with; the tracer never shuts it down
   * @return this builder
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public HoneyHiveTracerBuilder openTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry");
    return this;
  }

  /**
   * Sets the longest enrichment string value, in characters; longer values are cut and end with
   * {@code …[truncated N chars]}. Defaults to 1024, in line with HoneyHive's guidance of about 1 KB
   * per field. Captured prompts and completions are not limited by this.
   *
   * @param maxEnrichmentValueLength the limit, in characters
   * @return this builder
   * @throws IllegalArgumentException if not positive
   */
  public HoneyHiveTracerBuilder maxEnrichmentValueLength(int maxEnrichmentValueLength) {
    if (maxEnrichmentValueLength <= 0) {
      throw new IllegalArgumentException(
          "maxEnrichmentValueLength must be positive, but was " + maxEnrichmentValueLength);
    }
    this.maxEnrichmentValueLength = maxEnrichmentValueLength;
    return this;
  }

  /**
   * Sets whether secrets are redacted before they leave the process: enrichment values whose key
   * looks like a secret ({@code password}, {@code secret}, {@code api_key}, {@code token}, {@code
   * authorization}, {@code cookie}, ... at any nesting level), and, in captured content,
   * credentials written as {@code Authorization: Bearer ...}, {@code api_key=...}, {@code
   * password: ...} or OpenAI-style {@code sk-...} keys; each becomes {@code [REDACTED]}. Defaults
   * to {@code true}; turning it off sends such values as given.
   *
   * @param redactSecrets {@code false} to send secret-looking values and credentials unredacted
   * @return this builder
   */
  public HoneyHiveTracerBuilder redactSecrets(boolean redactSecrets) {
    this.redactSecrets = redactSecrets;
    return this;
  }

  /**
   * Sets a hook that sees every enrichment value before it leaves the process, on spans and in
   * session and event updates: it gets the attribute name (for example {@code
   * honeyhive_user_properties.email}) and the value (a String, Long, Double or Boolean, already
   * redacted and truncated) and returns the value to send, or null to drop it. It runs on the hot
   * path: keep it fast and thread-safe. If it throws, the value is dropped and the fault logged
   * once. If unset, values are sent as they are.
   *
   * @param redactor maps (attribute name, value) to the value to send, or to null to drop it
   * @return this builder
   * @throws NullPointerException if {@code redactor} is null
   */
  public HoneyHiveTracerBuilder redactor(BiFunction<String, Object, Object> redactor) {
    this.redactor = requireNonNull(redactor, "redactor");
    return this;
  }

  /**
   * Sets a hook that rewrites every captured text (prompts, system instructions, completions,
   * reasoning, tool arguments and results, AI-service inputs and outputs, retrieval queries and
   * documents) before it is put on a span, for example to mask e-mail addresses or phone numbers.
   * It runs after the built-in credential redaction, on any thread: keep it fast and
   * thread-safe. With the tracer's own SDK, a chat call's texts pass through it on the export
   * thread when the span is exported; with {@link #openTelemetry(OpenTelemetry)}, and for other
   * spans, during the call. If it returns null, the text is left out (its attribute is not set;
   * in JSON it is {@code null}). If it throws, the text is replaced by {@code [REDACTED]} and the
   * fault logged once. Unused when content capture is off. If unset, content is recorded as it
   * is.
   *
   * @param contentRedactor maps a captured text to the text to record, or to null to leave it out
   * @return this builder
   * @throws NullPointerException if {@code contentRedactor} is null
   */
  public HoneyHiveTracerBuilder contentRedactor(java.util.function.UnaryOperator<String> contentRedactor) {
    this.contentRedactor = requireNonNull(contentRedactor, "contentRedactor");
    return this;
  }

  /** Sets the REST timeout and base backoff, for tests. */
  HoneyHiveTracerBuilder eventsTiming(Duration timeout, Duration backoff) {
    this.eventsTimeout = timeout;
    this.eventsBackoff = backoff;
    return this;
  }

  /**
   * Sets whether each finished trace is printed to standard output as a tree (span name, duration,
   * event type, model, tokens, errors, enrichment keys): a development view. With an API key,
   * traces go to HoneyHive too; without one, only here, and no API key or project is needed (spans
   * then carry the project {@code local} unless {@link #project(String)} or {@code HH_PROJECT} names
   * one, and session and event updates are not sent).
   * Defaults to the {@code HH_CONSOLE} environment variable, else {@code false}. It prints content
   * and enrichment values: not for production logs.
   *
   * @param console {@code true} to print traces; overrides {@code HH_CONSOLE} either way
   * @return this builder
   */
  public HoneyHiveTracerBuilder console(boolean console) {
    this.console = console;
    this.consoleSet = true;
    return this;
  }

  boolean consoleSet;
  boolean allowPlainHttp;
  Duration shutdownTimeout = Duration.ofSeconds(5);

  /**
   * Sets how long {@link HoneyHiveTracer#close()} and the JVM shutdown hook wait for queued spans
   * and updates to be sent. Defaults to 5 seconds; an unreachable HoneyHive never holds the JVM's
   * exit longer than this.
   *
   * @param shutdownTimeout the longest wait, zero or positive
   * @return this builder
   * @throws NullPointerException if {@code shutdownTimeout} is null
   * @throws IllegalArgumentException if negative
   */
  public HoneyHiveTracerBuilder shutdownTimeout(Duration shutdownTimeout) {
    requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative, but was " + shutdownTimeout);
    }
    this.shutdownTimeout = shutdownTimeout;
    return this;
  }

  /**
   * Allows a plain {@code http://} server URL to a host other than this machine, which sends the
   * API key and all span content unencrypted; for a TLS-terminating proxy on a trusted network
   * only. A warning is logged. Defaults to {@code false}: such a URL fails in {@code build()}.
   *
   * @param allowPlainHttp {@code true} to accept a plain {@code http://} URL to another host
   * @return this builder
   */
  public HoneyHiveTracerBuilder allowPlainHttp(boolean allowPlainHttp) {
    this.allowPlainHttp = allowPlainHttp;
    return this;
  }

  String compression;

  /**
   * Sets the compression of span exports to HoneyHive: {@code "gzip"} or {@code "none"}. Gzip cuts
   * the bytes on the wire several times over (see docs/performance.md) for a little CPU on the
   * export thread. HoneyHive does not document whether its endpoint accepts gzip, so it is off
   * unless you turn it on. If unset, defaults to the {@code HH_OTLP_COMPRESSION} environment
   * variable, else {@code "none"}. Session and event updates are small and never compressed.
   *
   * @param compression {@code "gzip"} or {@code "none"}, in any case
   * @return this builder
   * @throws NullPointerException if {@code compression} is null
   * @throws IllegalArgumentException if neither {@code "gzip"} nor {@code "none"}
   */
  public HoneyHiveTracerBuilder compression(String compression) {
    this.compression = checkCompression(requireNonBlank(compression, "compression"), "compression");
    return this;
  }

  static String checkCompression(String value, String name) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("gzip") && !v.equals("none")) {
      throw new IllegalArgumentException(name + " must be \"gzip\" or \"none\", but was: " + value);
    }
    return v;
  }

  /** Replaces the environment lookup, for tests. */
  HoneyHiveTracerBuilder environment(Function<String, String> environment) {
    this.environment = requireNonNull(environment, "environment");
    return this;
  }

  /**
   * Builds the tracer, reading unset options from the environment.
   *
   * @return a new tracer; a no-op one if the {@code HH_DISABLE_TRACING} environment variable is
   *     {@code true}
   * @throws IllegalStateException if, without an {@link #openTelemetry(OpenTelemetry)} instance,
   *     no API key or no project is set; the message names the setter and the variable (console
   *     output needs neither). Also if console output is combined with an OpenTelemetry instance,
   *     or if an API key is set and the server URL is plain {@code http://} to another host
   *     without {@link #allowPlainHttp(boolean)}
   * @throws IllegalArgumentException if an environment variable holds an invalid value
   */
  public HoneyHiveTracer build() {
    return new HoneyHiveTracer(TracerConfig.resolve(this));
  }

  @Override
  public String toString() {
    return "HoneyHiveTracerBuilder{project="
        + project
        + ", serverUrl="
        + serverUrl
        + ", source="
        + source
        + ", sessionName="
        + sessionName
        + ", apiKey="
        + (apiKey == null ? "null" : "OBFUSCATED")
        + ", captureContent="
        + captureContent
        + '}';
  }

  private static String requireNonBlank(String value, String name) {
    requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value.trim();
  }

  static String checkUrl(String url, String name) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a valid URL: " + url, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          name + " must be an absolute http or https URL, for example " + DEFAULT_SERVER_URL
              + ", but was: " + url);
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
