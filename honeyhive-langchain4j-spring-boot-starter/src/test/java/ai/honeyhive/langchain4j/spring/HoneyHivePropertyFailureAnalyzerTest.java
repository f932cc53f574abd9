package ai.honeyhive.langchain4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.HoneyHiveTracerBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;

/**
 * A {@code honeyhive.*} value the tracer cannot start with stops startup with Spring Boot's
 * failure report naming the property and what to set; and the server URL the IDE metadata and the
 * docs name is the library's default.
 */
class HoneyHivePropertyFailureAnalyzerTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(HoneyHiveAutoConfiguration.class))
          .withInitializer(
              context ->
                  context
                      .getEnvironment()
                      .getPropertySources()
                      .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME))
          .withPropertyValues("honeyhive.api-key=hh-secret-123", "honeyhive.project=shop");

  private FailureAnalysis analysisOf(String... properties) {
    List<FailureAnalysis> analysis = new ArrayList<>();
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasFailed();
              analysis.add(new HoneyHivePropertyFailureAnalyzer().analyze(context.getStartupFailure()));
            });
    assertThat(analysis.get(0)).as("analysis").isNotNull();
    assertThat(analysis.get(0).getDescription() + analysis.get(0).getAction()).doesNotContain("hh-secret-123");
    return analysis.get(0);
  }

  @Test
  void plainHttpToAnotherHostNamesAllowPlainHttp() {
    FailureAnalysis analysis = analysisOf("honeyhive.server-url=http://example.com");
    assertThat(analysis.getDescription())
        .isEqualTo(
            "honeyhive.server-url is 'http://example.com', plain HTTP to another host: the API key and span"
                + " content would travel unencrypted.");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Use an https:// URL, or set honeyhive.allow-plain-http=true if a TLS-terminating proxy on a trusted"
                + " network sits in between.");
  }

  @Test
  void allowPlainHttpLetsItStart() {
    runner
        .withPropertyValues("honeyhive.server-url=http://192.0.2.1:9", "honeyhive.allow-plain-http=true",
            "honeyhive.use-application-open-telemetry=false")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(HoneyHiveTracer.class));
  }

  @Test
  void anUnknownCompressionNamesTheValidValues() {
    FailureAnalysis analysis = analysisOf("honeyhive.compression=brotli");
    assertThat(analysis.getDescription())
        .isEqualTo("honeyhive.compression is 'brotli', which HoneyHive's export does not support.");
    assertThat(analysis.getAction()).isEqualTo("Set honeyhive.compression to gzip or none, or remove it (the default is none).");
  }

  @Test
  void aServerUrlThatIsNoUrlNamesTheDefault() {
    FailureAnalysis analysis = analysisOf("honeyhive.server-url=api.honeyhive.example");
    assertThat(analysis.getDescription())
        .isEqualTo("honeyhive.server-url is 'api.honeyhive.example', which is not an absolute http or https URL.");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Set honeyhive.server-url to HoneyHive's API base URL, for example https://api.dp1.us.honeyhive.ai"
                + " (the default when it is unset).");
  }

  @Test
  void aNegativeShutdownTimeoutIsNamed() {
    FailureAnalysis analysis = analysisOf("honeyhive.shutdown-timeout=-1s");
    assertThat(analysis.getDescription()).isEqualTo("honeyhive.shutdown-timeout is PT-1S, which is negative.");
  }

  /** The starter's rule for plain HTTP (a copy: the builder's is private) is the builder's. */
  @Test
  void theStartersPlainHttpRuleIsTheBuilders() {
    for (String url :
        new String[] {"http://example.com", "http://192.0.2.1:9", "http://127.0.0.1:9", "http://127.1.2.3:9",
          "http://localhost:9", "http://LOCALHOST:9", "http://[::1]:9"}) {
      boolean builderRefuses;
      try (HoneyHiveTracer tracer =
          HoneyHiveTracer.builder()
              .apiKey("k")
              .project("p")
              .serverUrl(url)
              .openTelemetry(io.opentelemetry.api.OpenTelemetry.noop())
              .build()) {
        builderRefuses = false;
      } catch (IllegalStateException e) {
        builderRefuses = true;
      }
      HoneyHiveProperties properties = new HoneyHiveProperties();
      properties.setApiKey("k");
      properties.setProject("p");
      properties.setServerUrl(url);
      boolean starterRefuses;
      try {
        Settings.resolve(properties, new org.springframework.mock.env.MockEnvironment()).check(properties);
        starterRefuses = false;
      } catch (InvalidHoneyHivePropertyException e) {
        starterRefuses = true;
      }
      assertThat(starterRefuses).as(url).isEqualTo(builderRefuses);
      assertThat(builderRefuses).as(url).isEqualTo(url.contains("example.com") || url.contains("192.0.2.1"));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(HoneyHiveAutoConfiguration.class)
  static class App {}

  /** The whole path: spring.factories registers the analyzer and Spring Boot prints its report. */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void springBootReportsItAsAFailedStartup(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .run(
                        "--spring.main.banner-mode=off",
                        "--honeyhive.api-key=hh-secret-123",
                        "--honeyhive.project=shop",
                        "--honeyhive.server-url=http://example.com"))
        .hasRootCauseInstanceOf(InvalidHoneyHivePropertyException.class);
    String report = output.getAll().replace("\r\n", "\n");
    assertThat(report)
        .contains(
            "APPLICATION FAILED TO START\n***************************\n\nDescription:\n\n"
                + "honeyhive.server-url is 'http://example.com', plain HTTP to another host: the API key and span"
                + " content would travel unencrypted.\n\nAction:\n\n"
                + "Use an https:// URL, or set honeyhive.allow-plain-http=true if a TLS-terminating proxy on a"
                + " trusted network sits in between.\n")
        .doesNotContain("hh-secret-123");
  }

  @Test
  void theServerUrlInTheIdeMetadataAndTheDocsIsTheLibrarysDefault() throws Exception {
    JsonNode serverUrl = null;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
        if (p.get("name").asText().equals("honeyhive.server-url")) {
          serverUrl = p;
        }
      }
    }
    assertThat(serverUrl).isNotNull();
    assertThat(urls(serverUrl.get("description").asText())).containsExactly(HoneyHiveTracerBuilder.DEFAULT_SERVER_URL);
    String docs = Files.readString(Path.of("..", "docs", "spring-boot.md"), StandardCharsets.UTF_8);
    assertThat(docs).contains("| `honeyhive.server-url` | `HH_API_URL` | `" + HoneyHiveTracerBuilder.DEFAULT_SERVER_URL + "` |");
    assertThat(urls(docs)).filteredOn(u -> u.contains("honeyhive.ai")).containsOnly(HoneyHiveTracerBuilder.DEFAULT_SERVER_URL);
  }

  private static List<String> urls(String text) {
    List<String> urls = new ArrayList<>();
    Matcher m = Pattern.compile("https?://[A-Za-z0-9.-]+(?::[0-9]+)?").matcher(text);
    while (m.find()) {
      urls.add(m.group());
    }
    return urls;
  }
}
