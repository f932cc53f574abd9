package ai.honeyhive.langchain4j.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.LaunchMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The console decision as {@link HoneyHiveTracing} makes it from Quarkus' launch mode: dev mode
 * ({@code quarkus:dev}) with no API key prints traces; an API key, an explicit setting or another
 * launch mode decides otherwise. Dev mode itself is not started here.
 */
class SettingsTest {

  private static final Function<String, Optional<String>> NO_ENV = name -> Optional.empty();

  @Test
  void devModeWithoutAKeyPrintsTracesToTheConsole() {
    Settings s = Settings.resolve(config(Map.of()), NO_ENV, LaunchMode.DEVELOPMENT).check();
    assertThat(s.console).isTrue();
    assertThat(s.on()).isTrue();
    assertThat(s.canExport()).isFalse();
  }

  @Test
  void devModeWithAKeySendsAndDoesNotPrint() {
    Settings s =
        Settings.resolve(config(Map.of("api-key", "hh-key", "project", "p")), NO_ENV, LaunchMode.DEVELOPMENT).check();
    assertThat(s.console).isFalse();
    assertThat(s.canExport()).isTrue();
  }

  @Test
  void devModeWithTheKeyFromTheEnvironmentDoesNotPrint() {
    Function<String, Optional<String>> env = name -> Optional.ofNullable(Map.of("HH_API_KEY", "hh-key").get(name));
    assertThat(Settings.resolve(config(Map.of()), env, LaunchMode.DEVELOPMENT).console).isFalse();
  }

  @Test
  void consoleFalseWinsInDevMode() {
    Settings s = Settings.resolve(config(Map.of("console", "false")), NO_ENV, LaunchMode.DEVELOPMENT);
    assertThat(s.console).isFalse();
    assertThat(s.on()).isFalse();
    Function<String, Optional<String>> env = name -> Optional.ofNullable(Map.of("HH_CONSOLE", "false").get(name));
    assertThat(Settings.resolve(config(Map.of()), env, LaunchMode.DEVELOPMENT).console).isFalse();
  }

  @Test
  void otherLaunchModesWithoutAKeyStayOff() {
    for (LaunchMode mode : new LaunchMode[] {LaunchMode.NORMAL, LaunchMode.TEST}) {
      Settings s = Settings.resolve(config(Map.of()), NO_ENV, mode);
      assertThat(s.console).as(mode.name()).isFalse();
      assertThat(s.on()).as(mode.name()).isFalse();
    }
  }

  @Test
  void consoleTrueWithoutAKeyPrintsInAnyLaunchMode() {
    for (LaunchMode mode : LaunchMode.values()) {
      Settings s = Settings.resolve(config(Map.of("console", "true")), NO_ENV, mode).check();
      assertThat(s.console).as(mode.name()).isTrue();
      assertThat(s.on()).as(mode.name()).isTrue();
      assertThat(s.canExport()).as(mode.name()).isFalse();
    }
  }

  @Test
  void enabledFalseTurnsDevModesConsoleOff() {
    Settings s = Settings.resolve(config(Map.of("enabled", "false")), NO_ENV, LaunchMode.DEVELOPMENT);
    assertThat(s.on()).isFalse();
  }

  /** {@code quarkus.honeyhive.*} as Quarkus maps it, from the given values (without the prefix). */
  private static HoneyHiveConfig config(Map<String, String> values) {
    return new HoneyHiveConfig() {
      @Override
      public boolean enabled() {
        return Boolean.parseBoolean(values.getOrDefault("enabled", "true"));
      }

      @Override
      public Optional<String> apiKey() {
        return Optional.ofNullable(values.get("api-key"));
      }

      @Override
      public Optional<String> project() {
        return Optional.ofNullable(values.get("project"));
      }

      @Override
      public Optional<String> source() {
        return Optional.empty();
      }

      @Override
      public Optional<String> serverUrl() {
        return Optional.empty();
      }

      @Override
      public Optional<String> sessionName() {
        return Optional.empty();
      }

      @Override
      public boolean captureContent() {
        return true;
      }

      @Override
      public Optional<Boolean> console() {
        return Optional.ofNullable(values.get("console")).map(Boolean::parseBoolean);
      }

      @Override
      public boolean allowPlainHttp() {
        return false;
      }

      @Override
      public Optional<String> compression() {
        return Optional.empty();
      }

      @Override
      public Duration shutdownTimeout() {
        return Duration.ofSeconds(5);
      }
    };
  }
}
