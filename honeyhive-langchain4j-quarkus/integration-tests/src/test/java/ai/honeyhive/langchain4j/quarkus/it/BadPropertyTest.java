package ai.honeyhive.langchain4j.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value the tracer cannot start with stops startup, with a message naming the property. */
@QuarkusMainTest
@TestProfile(BadPropertyTest.Brotli.class)
class BadPropertyTest {

  /** A compression HoneyHive's export does not support. */
  public static class Brotli implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.honeyhive.compression", "brotli", "quarkus.http.test-port", "0");
    }
  }

  @Test
  @Launch(value = {}, exitCode = 1)
  void stopsStartupNamingTheProperty(LaunchResult result) {
    // What the developer sees, in the build's log.
    (result.getErrorOutput() + "\n" + result.getOutput())
        .lines()
        .filter(line -> line.contains("Failed to start") || line.contains("quarkus.honeyhive"))
        .forEach(line -> System.out.println("startup: " + line));
    assertThat(result.getErrorOutput() + result.getOutput())
        .contains(
            "quarkus.honeyhive.compression is 'brotli', which HoneyHive's export does not support. Set"
                + " quarkus.honeyhive.compression to gzip or none");
  }
}
