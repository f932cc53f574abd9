package ai.honeyhive.langchain4j.internal;

import java.io.InputStream;
import java.util.Properties;

/**
 * The library's names: its instrumentation scope, its version, its logger.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class Library {

  /** The instrumentation scope name of every span we create. */
  public static final String INSTRUMENTATION_SCOPE = "ai.honeyhive.langchain4j";

  /** The one logger name of the library: {@code HoneyHiveTracer}'s, which users already configure. */
  public static final String LOGGER_NAME = "ai.honeyhive.langchain4j.HoneyHiveTracer";

  /** This library's version, from the jar; {@code unknown} if it cannot be read. */
  public static final String VERSION = loadVersion();

  private static String loadVersion() {
    try (InputStream in = Library.class.getResourceAsStream("/ai/honeyhive/langchain4j/version.properties")) {
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

  private Library() {}
}
