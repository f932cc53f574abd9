package ai.honeyhive.langchain4j.spring;

import org.springframework.core.env.Environment;

/**
 * {@code honeyhive.*} with the {@code HH_*} fallbacks applied, read through Spring's {@link
 * Environment} (which holds the process environment too, and test properties).
 */
final class Settings {

  final String apiKey;
  final String project;
  final String source;
  final String serverUrl;
  final String sessionName;
  final boolean console;

  private Settings(HoneyHiveProperties p, Environment env) {
    this.apiKey = firstSet(p.getApiKey(), env.getProperty("HH_API_KEY"));
    this.project = firstSet(p.getProject(), env.getProperty("HH_PROJECT"));
    this.source = firstSet(p.getSource(), env.getProperty("HH_SOURCE"));
    this.serverUrl = firstSet(p.getServerUrl(), env.getProperty("HH_API_URL"));
    this.sessionName = firstSet(p.getSessionName(), env.getProperty("HH_SESSION_NAME"));
    this.console =
        p.getConsole() != null ? p.getConsole() : "true".equalsIgnoreCase(env.getProperty("HH_CONSOLE"));
  }

  static Settings resolve(HoneyHiveProperties properties, Environment environment) {
    return new Settings(properties, environment);
  }

  /** Enough to send to HoneyHive. */
  boolean canExport() {
    return apiKey != null && project != null;
  }

  private static String firstSet(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
