package ai.honeyhive.langchain4j;

/** For tests in other packages: a builder that reads no environment variable of the machine. */
public final class TestEnvironment {

  public static HoneyHiveTracerBuilder builderWithoutEnvironment() {
    return HoneyHiveTracer.builder().environment(name -> null);
  }

  private TestEnvironment() {}
}
