package ai.honeyhive.langchain4j.quarkus;

import ai.honeyhive.langchain4j.HoneyHiveTracerBuilder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@code quarkus.honeyhive.*} with the {@code HH_*} fallbacks applied, and checked. */
final class Settings {

  static final String PREFIX = "quarkus.honeyhive.";

  final boolean enabled;
  final String apiKey;
  final String project;
  final String source;
  final String serverUrl;
  /** {@code quarkus.honeyhive.server-url} or {@code HH_API_URL}, whichever gave {@link #serverUrl}. */
  final String serverUrlFrom;
  final String sessionName;
  final boolean console;
  final String compression;
  final String compressionFrom;
  final boolean captureContent;
  final boolean allowPlainHttp;
  final Duration shutdownTimeout;
  /** Whether any {@code quarkus.honeyhive.*} value was set: the user meant to trace. */
  final boolean anySet;

  private Settings(HoneyHiveConfig c, Function<String, Optional<String>> env, boolean devMode) {
    this.enabled = c.enabled();
    this.apiKey = firstSet(c.apiKey(), env.apply("HH_API_KEY"));
    this.project = firstSet(c.project(), env.apply("HH_PROJECT"));
    this.source = firstSet(c.source(), env.apply("HH_SOURCE"));
    this.serverUrl = firstSet(c.serverUrl(), env.apply("HH_API_URL"));
    this.serverUrlFrom = set(c.serverUrl()) != null ? PREFIX + "server-url" : "HH_API_URL";
    this.sessionName = firstSet(c.sessionName(), env.apply("HH_SESSION_NAME"));
    String compression = firstSet(c.compression(), env.apply("HH_OTLP_COMPRESSION"));
    this.compression = compression == null ? null : compression.trim().toLowerCase(Locale.ROOT);
    this.compressionFrom = set(c.compression()) != null ? PREFIX + "compression" : "HH_OTLP_COMPRESSION";
    Optional<Boolean> console = c.console();
    if (console.isPresent()) {
      this.console = console.get();
    } else if (env.apply("HH_CONSOLE").isPresent()) {
      this.console = "true".equalsIgnoreCase(env.apply("HH_CONSOLE").get().trim());
    } else {
      // Dev mode with nothing to send to: show the traces where the developer looks.
      this.console = devMode && apiKey == null;
    }
    this.captureContent = c.captureContent();
    this.allowPlainHttp = c.allowPlainHttp();
    this.shutdownTimeout = c.shutdownTimeout();
    this.anySet =
        c.apiKey().isPresent() || c.project().isPresent() || c.source().isPresent() || c.serverUrl().isPresent()
            || c.sessionName().isPresent() || c.console().isPresent();
  }

  /**
   * The settings from {@code quarkus.honeyhive.*}, then the environment; in dev mode
   * ({@code quarkus:dev}) without an API key and with no console setting, the console view is on.
   */
  static Settings resolve(HoneyHiveConfig config, Function<String, Optional<String>> env, LaunchMode mode) {
    return new Settings(config, env, mode == LaunchMode.DEVELOPMENT);
  }

  /** Enough to send to HoneyHive. */
  boolean canExport() {
    return enabled && apiKey != null && project != null;
  }

  /** Tracing starts: to HoneyHive, to the console, or both. */
  boolean on() {
    return enabled && (canExport() || console);
  }

  boolean gzip() {
    return "gzip".equals(compression);
  }

  String serverUrlOrDefault() {
    return serverUrl != null ? serverUrl : HoneyHiveTracerBuilder.DEFAULT_SERVER_URL;
  }

  String sourceOrDefault() {
    return source != null ? source : HoneyHiveTracerBuilder.DEFAULT_SOURCE;
  }

  /**
   * Fails on what the tracer's builder would refuse, naming the property to change; Quarkus stops
   * startup with the message.
   */
  Settings check() {
    if (!enabled) {
      return this;
    }
    if (serverUrl != null) {
      URI uri = null;
      try {
        uri = URI.create(serverUrl.trim());
      } catch (IllegalArgumentException e) {
        // reported below
      }
      String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw invalid(
            serverUrlFrom + " is '" + serverUrl + "', which is not an absolute http or https URL. Set "
                + serverUrlFrom + " to HoneyHive's API base URL, for example "
                + HoneyHiveTracerBuilder.DEFAULT_SERVER_URL + " (the default when it is unset).",
            serverUrlFrom);
      }
      if (apiKey != null && scheme.equals("http") && !isLoopback(uri.getHost()) && !allowPlainHttp) {
        throw invalid(
            serverUrlFrom + " is '" + serverUrl + "', plain HTTP to another host: the API key and span"
                + " content would travel unencrypted. Use an https:// URL, or set "
                + PREFIX + "allow-plain-http=true if a TLS-terminating proxy on a trusted network sits in between.",
            serverUrlFrom);
      }
    }
    if (compression != null && !compression.equals("gzip") && !compression.equals("none")) {
      throw invalid(
          compressionFrom + " is '" + compression + "', which HoneyHive's export does not support. Set "
              + compressionFrom + " to gzip or none, or remove it (the default is none).",
          compressionFrom);
    }
    if (shutdownTimeout != null && shutdownTimeout.isNegative()) {
      throw invalid(
          PREFIX + "shutdown-timeout is " + shutdownTimeout + ", which is negative. Set it to how long"
              + " shutting down may wait to send queued spans, for example 5s, or remove it (the default is 5s).",
          PREFIX + "shutdown-timeout");
    }
    return this;
  }

  /** Why tracing is off, for the startup line. */
  String off() {
    if (!enabled) {
      return "HoneyHive tracing is off: " + PREFIX + "enabled=false";
    }
    if (!anySet) {
      return "HoneyHive tracing is off: set " + PREFIX + "api-key and " + PREFIX + "project (or HH_API_KEY and"
          + " HH_PROJECT), or " + PREFIX + "console=true to print traces locally";
    }
    StringBuilder missing = new StringBuilder();
    if (apiKey == null) {
      missing.append(PREFIX).append("api-key is not set (nor HH_API_KEY)");
    }
    if (project == null) {
      missing.append(missing.length() > 0 ? "; " : "").append(PREFIX).append("project is not set (nor HH_PROJECT)");
    }
    return "HoneyHive tracing is off: " + missing + "; set it, or " + PREFIX + "console=true to print traces locally";
  }

  private static ConfigurationException invalid(String message, String property) {
    return new ConfigurationException(message, Set.of(property));
  }

  /** The builder's rule: plain HTTP needs no permission to this machine. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static String set(Optional<String> value) {
    return value.filter(v -> !v.isBlank()).orElse(null);
  }

  private static String firstSet(Optional<String> a, Optional<String> b) {
    String first = set(a);
    return first != null ? first : set(b);
  }
}
