package ai.honeyhive.langchain4j.quarkus;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * HoneyHive tracing of a Quarkus LangChain4j application: {@code quarkus.honeyhive.*}. Each value
 * that is not set falls back to the {@code HH_*} environment variable named in its description.
 */
@ConfigMapping(prefix = "quarkus.honeyhive")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface HoneyHiveConfig {

  /**
   * Whether the extension traces at all; {@code false} turns it off whatever else is set.
   *
   * @return whether tracing may start
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * HoneyHive API key (falls back to {@code HH_API_KEY}). Tracing to HoneyHive needs it and a
   * project.
   *
   * @return the API key
   */
  Optional<String> apiKey();

  /**
   * HoneyHive project (falls back to {@code HH_PROJECT}).
   *
   * @return the project
   */
  Optional<String> project();

  /**
   * Source or environment every span carries, such as {@code dev} or {@code prod} (falls back to
   * {@code HH_SOURCE}, then {@code dev}).
   *
   * @return the source
   */
  Optional<String> source();

  /**
   * HoneyHive's API base URL (falls back to {@code HH_API_URL}, then
   * {@code https://api.dp1.us.honeyhive.ai}).
   *
   * @return the server URL
   */
  Optional<String> serverUrl();

  /**
   * Name of the application's session in HoneyHive (falls back to {@code HH_SESSION_NAME}, then
   * the project).
   *
   * @return the session name
   */
  Optional<String> sessionName();

  /**
   * Whether prompts, completions, AI-service arguments and results, and tool arguments and results
   * are sent to HoneyHive.
   *
   * @return whether content is captured
   */
  @WithDefault("true")
  boolean captureContent();

  /**
   * Print each trace to standard output as a tree; needs no API key (falls back to
   * {@code HH_CONSOLE}; in dev mode without an API key it is on unless set to {@code false}).
   *
   * @return whether traces are printed
   */
  Optional<Boolean> console();

  /**
   * Allow a plain {@code http://} server URL to another host than this machine (for a
   * TLS-terminating proxy on a trusted network).
   *
   * @return whether plain HTTP is allowed
   */
  @WithDefault("false")
  boolean allowPlainHttp();

  /**
   * Compression of the export to HoneyHive: {@code none} or {@code gzip} (falls back to
   * {@code HH_OTLP_COMPRESSION}, then {@code none}).
   *
   * @return the compression
   */
  Optional<String> compression();

  /**
   * How long shutting the application down waits for queued spans to be sent.
   *
   * @return the shutdown timeout
   */
  @WithDefault("5s")
  Duration shutdownTimeout();
}
