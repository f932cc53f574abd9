package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The build runs this suite on Java 17 and again on Java 25 (the {@code jdk25} profile); this
 * proves the second run is really on 25, so that docs/compatibility.md's Java claim rests on a run.
 */
class JavaVersionTest {

  @Test
  void theSuiteRunsOnTheJavaTheBuildAskedFor() {
    String expected = System.getProperty("expected.java.feature");
    int feature = Runtime.version().feature();
    if (expected == null) {
      // The default run: the build's own JDK, which the project requires to be 17 or newer.
      assertThat(feature).isGreaterThanOrEqualTo(17);
    } else {
      assertThat(feature).isEqualTo(Integer.parseInt(expected));
    }
  }
}
