package ai.honeyhive.langchain4j.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.honeyhive.console=true} with no API key: tracing is on, nothing is sent to
 * HoneyHive, and each request's trace is printed to standard output as the library's console tree,
 * from the HTTP request's span down to the guardrail, model and tool spans.
 */
@QuarkusTest
@QuarkusTestResource(StandIns.class)
@TestProfile(ConsoleTest.ConsoleOnly.class)
class ConsoleTest {

  /** The test application's properties with the console view and without the API key. */
  public static class ConsoleOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.honeyhive.api-key", "", "quarkus.honeyhive.console", "true");
    }
  }

  @TestHTTPResource("/chat")
  URI chat;

  @ConfigProperty(name = "test.honeyhive.port")
  int honeyHivePort;

  @Test
  void eachRequestsTraceIsPrintedAsATree() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(chat)
                      .header("Content-Type", "text/plain")
                      .POST(HttpRequest.BodyPublishers.ofString("What is the weather in Paris?"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.body()).isEqualTo("It is 18°C and sunny in Paris.");
      // The console view prints a trace when its root span is exported, on the export thread.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      do {
        out = bytes.toString(StandardCharsets.UTF_8);
        if (out.contains("POST /chat  ") && out.contains("tokens=142/11")) {
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      } while (System.nanoTime() < deadline);
    } finally {
      System.setOut(original);
    }
    System.out.print(out);

    List<String> lines = Arrays.stream(out.split("\\R")).map(ConsoleTest::withoutTimes).toList();
    int root = lines.indexOf("POST /chat  <t> ms  metadata.feature=/chat");
    assertThat(root).as(out).isPositive();
    assertThat(lines.get(root - 1)).as(out).matches("trace <id>  service \\S+  session <session>");
    assertThat(lines.subList(root, Math.min(lines.size(), root + 9)))
        .as(out)
        .containsExactly(
            // Quarkus' HTTP span is the root, with the request enricher's feature.
            "POST /chat  <t> ms  metadata.feature=/chat",
            "└─ langchain4j.aiservices.Assistant.chat  <t> ms  chain  inputs.question=What is the weather in Paris?"
                + "  outputs.result=It is 18°C and sunny in Paris.",
            "   ├─ QuestionGuardrail.validate  <t> ms  tool  metadata.guardrail_kind=input"
                + "  metadata.guardrail_name=QuestionGuardrail",
            // The REST client's request to OpenAI under the model call that sent it.
            "   ├─ chat gpt-4o-mini  <t> ms  model  model=gpt-4o-mini-2024-07-18  tokens=81/19",
            "   │  └─ POST /chat/completions  <t> ms",
            "   ├─ langchain4j.tools.get_weather  <t> ms  tool",
            "   └─ chat gpt-4o-mini  <t> ms  model  model=gpt-4o-mini-2024-07-18  tokens=142/11",
            "      └─ POST /chat/completions  <t> ms");
    // Console only: nothing reaches the HoneyHive stand-in.
    assertThat(Exported.requests(honeyHivePort)).isEmpty();
  }

  /** Durations, trace ids and session ids differ from run to run. */
  static String withoutTimes(String line) {
    return line.replaceAll("\\d+\\.\\d ms", "<t> ms")
        .replaceAll("^trace [0-9a-f]{32}", "trace <id>")
        .replaceAll("  session [0-9a-f-]{36}$", "  session <session>");
  }
}
