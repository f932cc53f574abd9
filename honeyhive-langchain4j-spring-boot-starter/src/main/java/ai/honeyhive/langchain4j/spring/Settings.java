package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTracerBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * {@code honeyhive.*} with the {@code HH_*} fallbacks applied, read through Spring's {@link
 * Environment} (which holds the process environment too, and test properties).
 */
final class Settings {

  /** What Spring leaves in place of a placeholder it cannot resolve: {@code ${HH_API_KEY}}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}?");

  final String apiKey;
  final String project;
  final String source;
  final String serverUrl;
  /** {@code honeyhive.server-url} or {@code HH_API_URL}, whichever gave {@link #serverUrl}. */
  final String serverUrlFrom;
  final String sessionName;
  final boolean console;
  /** {@code gzip}, {@code none}, or whatever else was set (then {@link #check} fails). */
  final String compression;
  final String compressionFrom;
  /** Property name -> the placeholders in its value; each such property counts as unset. */
  final Map<String, List<String>> unresolved;

  private Settings(HoneyHiveProperties p, Environment env) {
    Map<String, List<String>> placeholders = new LinkedHashMap<>();
    this.apiKey = firstSet(resolved("honeyhive.api-key", p.getApiKey(), placeholders), env.getProperty("HH_API_KEY"));
    this.project = firstSet(resolved("honeyhive.project", p.getProject(), placeholders), env.getProperty("HH_PROJECT"));
    this.source = firstSet(resolved("honeyhive.source", p.getSource(), placeholders), env.getProperty("HH_SOURCE"));
    String url = resolved("honeyhive.server-url", p.getServerUrl(), placeholders);
    this.serverUrl = firstSet(url, env.getProperty("HH_API_URL"));
    this.serverUrlFrom = firstSet(url, null) != null ? "honeyhive.server-url" : "HH_API_URL";
    this.sessionName =
        firstSet(resolved("honeyhive.session-name", p.getSessionName(), placeholders), env.getProperty("HH_SESSION_NAME"));
    this.console =
        p.getConsole() != null ? p.getConsole() : "true".equalsIgnoreCase(env.getProperty("HH_CONSOLE"));
    String compressionProperty = resolved("honeyhive.compression", p.getCompression(), placeholders);
    String compression = firstSet(compressionProperty, env.getProperty("HH_OTLP_COMPRESSION"));
    this.compression = compression == null ? null : compression.trim().toLowerCase(Locale.ROOT);
    this.compressionFrom = firstSet(compressionProperty, null) != null ? "honeyhive.compression" : "HH_OTLP_COMPRESSION";
    this.unresolved = Collections.unmodifiableMap(placeholders);
  }

  static Settings resolve(HoneyHiveProperties properties, Environment environment) {
    return new Settings(properties, environment);
  }

  /** Enough to send to HoneyHive. */
  boolean canExport() {
    return apiKey != null && project != null;
  }

  boolean gzip() {
    return "gzip".equals(compression);
  }

  /**
   * Fails on what the tracer's builder would refuse, naming the property to change, before any
   * bean is built with it; {@link HoneyHivePropertyFailureAnalyzer} reports it at startup.
   */
  Settings check(HoneyHiveProperties p) {
    if (serverUrl != null) {
      URI uri = null;
      try {
        uri = URI.create(serverUrl.trim());
      } catch (IllegalArgumentException e) {
        // reported below
      }
      String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new InvalidHoneyHivePropertyException(
            serverUrlFrom,
            serverUrlFrom + " is '" + serverUrl + "', which is not an absolute http or https URL.",
            "Set " + serverUrlFrom + " to HoneyHive's API base URL, for example "
                + HoneyHiveTracerBuilder.DEFAULT_SERVER_URL + " (the default when it is unset).");
      }
      if (apiKey != null && scheme.equals("http") && !isLoopback(uri.getHost()) && !p.isAllowPlainHttp()) {
        throw new InvalidHoneyHivePropertyException(
            serverUrlFrom,
            serverUrlFrom + " is '" + serverUrl + "', plain HTTP to another host: the API key and span"
                + " content would travel unencrypted.",
            "Use an https:// URL, or set honeyhive.allow-plain-http=true if a TLS-terminating proxy on a"
                + " trusted network sits in between.");
      }
    }
    if (compression != null && !compression.equals("gzip") && !compression.equals("none")) {
      throw new InvalidHoneyHivePropertyException(
          compressionFrom,
          compressionFrom + " is '" + compression + "', which HoneyHive's export does not support.",
          "Set " + compressionFrom + " to gzip or none, or remove it (the default is none).");
    }
    Duration timeout = p.getShutdownTimeout();
    if (timeout != null && timeout.isNegative()) {
      throw new InvalidHoneyHivePropertyException(
          "honeyhive.shutdown-timeout",
          "honeyhive.shutdown-timeout is " + timeout + ", which is negative.",
          "Set honeyhive.shutdown-timeout to how long closing the application may wait to send queued"
              + " spans, for example 5s, or remove it (the default is 5s).");
    }
    return this;
  }

  /** The builder's rule: plain HTTP needs no permission to this machine. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  /**
   * Spring keeps {@code ${NAME}} as written when {@code NAME} is defined nowhere; such a value is
   * not what the user meant, so it counts as unset, and the placeholders (never the value, which
   * may be part of a key) are remembered for the startup warning.
   */
  private static String resolved(String property, String value, Map<String, List<String>> placeholders) {
    if (value == null || !value.contains("${")) {
      return value;
    }
    List<String> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      found.add(m.group());
    }
    placeholders.put(property, found);
    return null;
  }

  private static String firstSet(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
