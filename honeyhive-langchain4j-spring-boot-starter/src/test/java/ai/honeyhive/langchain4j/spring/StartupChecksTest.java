package ai.honeyhive.langchain4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What the starter says at startup about its configuration: unresolved placeholders, unknown
 * {@code honeyhive.*} keys, what is missing, and a sampler that keeps only some traces.
 */
class StartupChecksTest {

  /**
   * The process environment is replaced by {@link #environment}'s map, so that neither a
   * developer's HH_* variables nor a CI's can change the outcome, and {@code ${HH_API_KEY}} stays
   * unresolved as it does where that variable is unset.
   */
  private final ApplicationContextRunner runner = withEnvironment(Map.of());

  private static ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HoneyHiveAutoConfiguration.class))
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
  }

  /** Held strongly: JUL keeps loggers only weakly, and a collected one would lose the handler. */
  private static final Logger LOGGER = Logger.getLogger(HoneyHiveAutoConfiguration.class.getName());

  private final List<String> lines = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    LOGGER.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    LOGGER.removeHandler(capture);
  }

  // 1. An unresolved placeholder is not a key.

  @Test
  void anUnresolvedPlaceholderForTheKeyCountsAsUnsetAndIsNamed() {
    runner
        .withPropertyValues("honeyhive.api-key=${HH_API_KEY}", "honeyhive.project=shop")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(HoneyHiveTracer.class);
            });
    assertThat(lines)
        .containsExactly(
            "WARNING honeyhive.api-key holds ${HH_API_KEY}, a placeholder Spring could not resolve, so it counts"
                + " as unset; define HH_API_KEY, or write ${NAME:} to make it optional",
            "WARNING HoneyHive tracing is off: honeyhive.api-key is not set (nor HH_API_KEY); set it, or"
                + " honeyhive.console=true to print traces locally");
  }

  @Test
  void anUnresolvedPlaceholderFallsBackToTheEnvironmentVariable() {
    withEnvironment(Map.of("HH_API_KEY", "hh-env-key"))
        .withPropertyValues(
            "honeyhive.api-key=${HONEYHIVE_KEY_NOT_DEFINED}",
            "honeyhive.project=shop",
            "honeyhive.server-url=http://127.0.0.1:9")
        .run(context -> assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("shop"));
    assertThat(lines)
        .containsExactly(
            "WARNING honeyhive.api-key holds ${HONEYHIVE_KEY_NOT_DEFINED}, a placeholder Spring could not"
                + " resolve, so it counts as unset; define HONEYHIVE_KEY_NOT_DEFINED, or write ${NAME:} to make"
                + " it optional",
            "INFO HoneyHive tracing is on: project shop");
    assertThat(String.join("\n", lines)).doesNotContain("hh-env-key");
  }

  @Test
  void theDocumentedOptionalPlaceholderIsQuietlyUnset() {
    runner
        .withPropertyValues("honeyhive.api-key=${HH_API_KEY:}", "honeyhive.project=shop")
        .run(context -> assertThat(context).doesNotHaveBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING HoneyHive tracing is off: honeyhive.api-key is not set (nor HH_API_KEY); set it, or"
                + " honeyhive.console=true to print traces locally");
  }

  // 3. A typo says what it is and what is missing.

  @Test
  void aMisspelledPropertyIsNamedWithTheNearestOneAndWhatIsMissing() {
    runner
        .withPropertyValues("honeyhive.api-key=hh-secret-123", "honeyhive.projet=shop")
        .run(context -> assertThat(context).doesNotHaveBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING honeyhive.projet is not a HoneyHive property; did you mean honeyhive.project?",
            "WARNING HoneyHive tracing is off: honeyhive.project is not set (nor HH_PROJECT); set it, or"
                + " honeyhive.console=true to print traces locally");
    assertThat(String.join("\n", lines)).doesNotContain("hh-secret-123");
  }

  @Test
  void withOnlyAProjectTheKeyIsNamed() {
    runner
        .withPropertyValues("honeyhive.project=shop")
        .run(context -> assertThat(context).doesNotHaveBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING HoneyHive tracing is off: honeyhive.api-key is not set (nor HH_API_KEY); set it, or"
                + " honeyhive.console=true to print traces locally");
  }

  @Test
  void withAnyHoneyHivePropertyBothMissingOnesAreNamed() {
    runner
        .withPropertyValues("honeyhive.capture-content=false")
        .run(context -> assertThat(context).doesNotHaveBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING HoneyHive tracing is off: honeyhive.api-key and honeyhive.project are not set (nor HH_API_KEY"
                + " and HH_PROJECT); set both, or honeyhive.console=true to print traces locally");
  }

  @Test
  void withNothingSetTracingOffStaysOneInfoLine() {
    runner.run(context -> assertThat(context).doesNotHaveBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "INFO HoneyHive tracing is off: set honeyhive.api-key and honeyhive.project (or HH_API_KEY and"
                + " HH_PROJECT), or honeyhive.console=true to print traces locally");
  }

  @Test
  void anUnknownPropertyIsNamedWhileTracingIsOnToo() {
    runner
        .withPropertyValues(
            "honeyhive.api-key=k",
            "honeyhive.project=shop",
            "honeyhive.sesion-name=nightly",
            "honeyhive.server-url=http://127.0.0.1:9",
            "honeyhive.sorce=ci")
        .run(context -> assertThat(context).hasSingleBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING honeyhive.sesion-name is not a HoneyHive property; did you mean honeyhive.session-name?",
            "WARNING honeyhive.sorce is not a HoneyHive property; did you mean honeyhive.source?",
            "INFO HoneyHive tracing is on: project shop");
  }

  @Test
  void aKeyNothingLikeOursListsTheProperties() {
    runner
        .withPropertyValues("honeyhive.api-key=k", "honeyhive.project=shop", "honeyhive.server-url=http://127.0.0.1:9",
            "honeyhive.tracing.exporter=otlp")
        .run(context -> assertThat(context).hasSingleBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING honeyhive.tracing.exporter is not a HoneyHive property; the HoneyHive properties are"
                + " honeyhive.allow-plain-http, honeyhive.api-key, honeyhive.capture-content, honeyhive.compression,"
                + " honeyhive.console, honeyhive.enabled, honeyhive.project, honeyhive.server-url,"
                + " honeyhive.session-name, honeyhive.shutdown-timeout, honeyhive.source,"
                + " honeyhive.trace-annotations, honeyhive.use-application-open-telemetry",
            "INFO HoneyHive tracing is on: project shop");
  }

  @Test
  void relaxedFormsAndEnvironmentVariablesAreKnown() {
    withEnvironment(
            Map.of(
                "HONEYHIVE_PROJECT", "from-env",
                "HONEYHIVE_SERVER_URL", "http://127.0.0.1:9",
                "HONEYHIVE_CAPTURECONTENT", "false"))
        .withPropertyValues("honeyhive.apiKey=k", "honeyhive.session_name=nightly", "honeyhive.SHUTDOWN-TIMEOUT=1s")
        .run(
            context -> {
              HoneyHiveProperties properties = context.getBean(HoneyHiveProperties.class);
              assertThat(properties.getServerUrl()).isEqualTo("http://127.0.0.1:9");
              assertThat(properties.isCaptureContent()).isFalse();
              assertThat(properties.getSessionName()).isEqualTo("nightly");
              assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("from-env");
            });
    assertThat(lines).containsExactly("INFO HoneyHive tracing is on: project from-env");
  }

  /** docs/spring-boot.md's Setup: its properties, and its api-key line, start as it says. */
  @Test
  void theSetupInTheDocsStartsAsTheDocsSay() throws Exception {
    String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "spring-boot.md"));
    String setup = docs.substring(docs.indexOf("## Setup"), docs.indexOf("## Properties"));
    String block = setup.substring(setup.indexOf("```properties\n") + 14, setup.indexOf("```", setup.indexOf("```properties\n") + 14));
    List<String> properties = new ArrayList<>(block.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    assertThat(properties).contains("honeyhive.project=my-project", "management.tracing.sampling.probability=1.0");
    java.util.regex.Matcher apiKey = java.util.regex.Pattern.compile("`(honeyhive\\.api-key=[^`]*)`").matcher(setup);
    assertThat(apiKey.find()).isTrue();
    properties.add(apiKey.group(1));
    properties.add("honeyhive.server-url=http://127.0.0.1:9");
    withEnvironment(Map.of("HH_API_KEY", "hh-env-key"))
        .withPropertyValues(properties.toArray(String[]::new))
        .run(context -> assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("my-project"));
    assertThat(lines).containsExactly("INFO HoneyHive tracing is on: project my-project");
    lines.clear();
    runner
        .withPropertyValues(properties.toArray(String[]::new))
        .withPropertyValues("honeyhive.projet=my-project")
        .run(context -> assertThat(context).doesNotHaveBean(HoneyHiveTracer.class));
    assertThat(lines)
        .containsExactly(
            "WARNING honeyhive.projet is not a HoneyHive property; did you mean honeyhive.project?",
            "WARNING HoneyHive tracing is off: honeyhive.api-key is not set (nor HH_API_KEY); set it, or"
                + " honeyhive.console=true to print traces locally");
    // The lines the docs show are the ones logged.
    assertThat(setup)
        .contains("WARN  honeyhive.projet is not a HoneyHive property; did you mean"
            + " honeyhive.project?\n")
        .contains("WARN  " + StartupChecks.tracingOff(keyOnly()) + "\n")
        .contains(
            "WARN  "
                + StartupChecks.sampling(
                        Sampler.parentBased(Sampler.traceIdRatioBased(0.1f)).getDescription(),
                        new org.springframework.mock.env.MockEnvironment())
                    .message
                + "\n");
  }

  private static Settings keyOnly() {
    HoneyHiveProperties properties = new HoneyHiveProperties();
    properties.setApiKey("k");
    return Settings.resolve(properties, new org.springframework.mock.env.MockEnvironment());
  }

  // 2. Sampling: the application's sampler decides what HoneyHive gets; say so when it drops most.

  private ApplicationContextRunner springBootTracing() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration.class,
                HoneyHiveAutoConfiguration.class))
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME))
        .withPropertyValues("honeyhive.console=true");
  }

  private List<String> samplingLines() {
    return lines.stream().filter(l -> l.contains("sampler")).toList();
  }

  @Test
  void springBootsDefaultSamplingIsAWarningNamingTheProperty() {
    springBootTracing().run(context -> assertThat(context).hasSingleBean(Sampler.class).hasSingleBean(HoneyHiveTracer.class));
    assertThat(samplingLines())
        .containsExactly(
            "WARNING HoneyHive receives only the traces the application's sampler keeps, 10% of them"
                + " (management.tracing.sampling.probability is unset: Spring Boot's default is 0.1); set"
                + " management.tracing.sampling.probability=1.0 (or make your own Sampler bean keep them) to send"
                + " every AI trace to HoneyHive");
  }

  @Test
  void aProbabilityBelowOneIsAWarningWithItsValue() {
    springBootTracing()
        .withPropertyValues("management.tracing.sampling.probability=0.25")
        .run(context -> assertThat(context).hasSingleBean(HoneyHiveTracer.class));
    assertThat(samplingLines())
        .containsExactly(
            "WARNING HoneyHive receives only the traces the application's sampler keeps, 25% of them"
                + " (management.tracing.sampling.probability=0.25); set management.tracing.sampling.probability=1.0"
                + " (or make your own Sampler bean keep them) to send every AI trace to HoneyHive");
  }

  @Test
  void probabilityOneSaysNothing() {
    springBootTracing()
        .withPropertyValues("management.tracing.sampling.probability=1.0")
        .run(context -> assertThat(context).hasSingleBean(HoneyHiveTracer.class));
    assertThat(samplingLines()).isEmpty();
    assertThat(lines).noneMatch(l -> l.startsWith("WARNING"));
  }

  @Test
  void withTheTracersOwnSdkTheApplicationsSamplerDoesNotMatter() {
    springBootTracing()
        .withPropertyValues("honeyhive.use-application-open-telemetry=false")
        .run(context -> assertThat(context).hasSingleBean(HoneyHiveTracer.class));
    assertThat(samplingLines()).isEmpty();
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSampler {
    @Bean
    Sampler sampler() {
      return Sampler.alwaysOff();
    }
  }

  @Test
  void aSamplerBeanThatKeepsNothingIsAWarning() {
    springBootTracing()
        .withUserConfiguration(OwnSampler.class)
        .run(context -> assertThat(context).hasSingleBean(HoneyHiveTracer.class));
    assertThat(samplingLines())
        .containsExactly(
            "WARNING HoneyHive receives no traces: the application's sampler keeps none (AlwaysOffSampler); set"
                + " management.tracing.sampling.probability=1.0 (or make your own Sampler bean keep them) to send"
                + " every AI trace to HoneyHive");
  }

  @Test
  void aSamplerItCannotReadIsOneInfoLine() {
    StartupChecks.Finding finding =
        StartupChecks.sampling("RuleBased{keep /chat}", new org.springframework.mock.env.MockEnvironment());
    assertThat(finding.warning).isFalse();
    assertThat(finding.message)
        .isEqualTo(
            "HoneyHive receives only the traces the application's sampler keeps (RuleBased{keep /chat}); with"
                + " Spring Boot's own sampler, management.tracing.sampling.probability=1.0 sends them all");
    assertThat(StartupChecks.sampling(Sampler.parentBased(Sampler.alwaysOn()).getDescription(), new org.springframework.mock.env.MockEnvironment()))
        .isNull();
    // Spring Boot passes a float: 0.1f is 0.10000000149 as a double.
    assertThat(StartupChecks.sampling(Sampler.traceIdRatioBased(0.001f).getDescription(), new org.springframework.mock.env.MockEnvironment()).message)
        .contains(", 0.1% of them (");
  }
}
