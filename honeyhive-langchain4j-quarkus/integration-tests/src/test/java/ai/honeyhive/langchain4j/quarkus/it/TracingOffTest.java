package ai.honeyhive.langchain4j.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Without an API key the application starts untraced and says so, naming what is missing; its
 * AI service still answers, and nothing is sent to HoneyHive.
 */
@QuarkusTest
@QuarkusTestResource(StandIns.class)
@TestProfile(TracingOffTest.NoKey.class)
class TracingOffTest {

  static final Path LOG = Path.of("target", "tracing-off.log");

  /** The test application's properties without the API key, and its log in a file. */
  public static class NoKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.honeyhive.api-key", "",
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", LOG.toString());
    }
  }

  @Inject Assistant assistant;
  @Inject jakarta.enterprise.inject.Instance<HoneyHiveTracer> tracer;

  @ConfigProperty(name = "test.honeyhive.port")
  int honeyHivePort;

  @Test
  void startsUntracedAndSaysWhatIsMissing() throws Exception {
    String log = Files.readString(LOG, StandardCharsets.UTF_8);
    assertThat(log)
        .contains(
            "HoneyHive tracing is off: quarkus.honeyhive.api-key is not set (nor HH_API_KEY); set it, or"
                + " quarkus.honeyhive.console=true to print traces locally");
    assertThat(log).doesNotContain("HoneyHive tracing is on");
    assertThat(tracer.get()).isNull();

    assertThat(assistant.chat("What is the weather in Paris?")).isEqualTo("It is 18°C and sunny in Paris.");
    assertThat(Exported.requests(honeyHivePort)).isEmpty();
  }
}
