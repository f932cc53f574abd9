package ai.honeyhive.langchain4j.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md's program runs as a user runs it, in its own JVM with only environment
 * variables, against the in-process OpenAI stand-in and a stand-in HoneyHive that answers the
 * endpoints the guide lists; the requests it receives are those the guide names.
 */
class GettingStartedTest {

  @Test
  void theGuidesProgramRunsAndSendsOnlyWhatTheGuideSaysAStandInMustAnswer(@TempDir Path dir) throws Exception {
    WireMockServer honeyHive = new WireMockServer(wireMockConfig().dynamicPort());
    honeyHive.start();
    try (OpenAiStandIn openAi = OpenAiStandIn.start()) {
      honeyHive.stubFor(post(urlPathEqualTo("/session/start")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withBody("{\"session_id\":\"{{jsonPath request.body '$.session.session_id'}}\"}")
          .withTransformers("response-template")));
      honeyHive.stubFor(post(urlPathEqualTo("/opentelemetry/v1/traces")).willReturn(aResponse().withStatus(200)));
      honeyHive.stubFor(put(urlPathEqualTo("/events")).willReturn(aResponse().withStatus(200)));

      ProcessBuilder java = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
          GettingStarted.class.getName());
      Map<String, String> env = java.environment();
      env.keySet().removeIf(name -> name.startsWith("HH_") || name.startsWith("OPENAI_") || name.startsWith("OTEL_"));
      env.put("OPENAI_API_KEY", "demo");
      env.put("OPENAI_BASE_URL", openAi.baseUrl());
      env.put("HH_API_KEY", "hh-test-key");
      env.put("HH_PROJECT", "getting-started");
      env.put("HH_API_URL", honeyHive.baseUrl());
      File out = dir.resolve("out.txt").toFile();
      File err = dir.resolve("err.txt").toFile();
      Process process = java.redirectOutput(out).redirectError(err).start();
      boolean exited = process.waitFor(90, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);

      assertThat(exited).as(stderr).isTrue();
      assertThat(process.exitValue()).as(stderr).isZero();
      assertThat(stdout)
          .contains("model: Bonjour !\n")
          .contains("assistant: It is 18°C and sunny in Paris.\n")
          .containsPattern("session: [0-9a-f-]{36}\n");
      assertThat(stderr).as("what the program logged").doesNotContain("WARNING", "SEVERE");

      // Everything it received, answered or not (WireMock answers anything else with 404).
      List<LoggedRequest> requests = honeyHive.findAll(anyRequestedFor(anyUrl()));
      Set<String> received = requests.stream()
          .map(r -> r.getMethod().getName() + " " + r.getUrl())
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(received).containsExactly("POST /opentelemetry/v1/traces", "POST /session/start");
      assertThat(requests).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer hh-test-key"));
      assertThat(requests)
          .filteredOn(r -> r.getUrl().equals("/opentelemetry/v1/traces"))
          .allSatisfy(r -> {
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
            assertThat(r.getBody()).isNotEmpty();
          });

      // The guide lists every request the program sent, spelled as here.
      String guide = Files.readString(Path.of("../docs/getting-started.md"), StandardCharsets.UTF_8);
      for (String request : received) {
        assertThat(guide).contains("`" + request + "`");
      }
      assertThat(guide).contains("`PUT /events`");
    } finally {
      honeyHive.stop();
    }
  }
}
