package ai.honeyhive.langchain4j.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the built example as docs/quarkus.md does ({@code java -jar quarkus-run.jar --demo}, which
 * {@code exec:exec} runs), offline: no OpenAI or HoneyHive key in its environment, so it answers
 * from the in-process OpenAI stand-in and prints the trace. Checks the answer and the request's
 * trace tree, from Quarkus' HTTP span to the model and tool spans.
 */
class ChatApplicationIT {

  @Test
  void demoAnswersAndPrintsTheRequestsTraceOffline() throws Exception {
    Path jar = Path.of(System.getProperty("example.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).exists();
    Path output = Files.createTempFile("quarkus-example", ".out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Dfile.encoding=UTF-8",
                "-Dsun.stdout.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8",
                "-jar",
                jar.toString(),
                "--demo")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    // Offline, as the docs' command runs without accounts.
    env.remove("OPENAI_API_KEY");
    env.keySet().removeIf(name -> name.startsWith("HH_"));
    Process process = builder.start();
    boolean exited = process.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    Files.deleteIfExists(output);
    assertThat(exited).as(out).isTrue();
    assertThat(process.exitValue()).as(out).isZero();

    List<String> lines = new ArrayList<>();
    for (String line : out.split("\\R")) {
      lines.add(withoutTimes(line));
    }
    assertThat(lines)
        .as(out)
        .contains(
            "INFO  a.h.l.quarkus: HoneyHive tracing is on: project local, printed to the console, spans"
                + " through Quarkus' OpenTelemetry",
            "POST /chat  What is the weather in Paris?",
            "answer      It is 18°C and sunny in Paris.");
    int root = lines.indexOf("POST /chat  <t> ms");
    assertThat(root).as(out).isPositive();
    assertThat(lines.get(root - 1))
        .as(out)
        .isEqualTo("trace <id>  service honeyhive-langchain4j-examples-quarkus  session <session>");
    assertThat(lines.subList(root, Math.min(lines.size(), root + 7)))
        .as(out)
        .containsExactly(
            "POST /chat  <t> ms",
            "└─ langchain4j.aiservices.Assistant.chat  <t> ms  chain  inputs.question=What is the weather in Paris?"
                + "  outputs.result=It is 18°C and sunny in Paris.",
            "   ├─ chat gpt-4o-mini  <t> ms  model  model=gpt-4o-mini-2024-07-18  tokens=81/19",
            "   │  └─ POST /chat/completions  <t> ms",
            "   ├─ langchain4j.tools.get_weather  <t> ms  tool",
            "   └─ chat gpt-4o-mini  <t> ms  model  model=gpt-4o-mini-2024-07-18  tokens=142/11",
            "      └─ POST /chat/completions  <t> ms");
  }

  /** Durations, trace ids and session ids differ from run to run. */
  private static String withoutTimes(String line) {
    return line.replaceAll("\\d+\\.\\d ms", "<t> ms")
        .replaceAll("^trace [0-9a-f]{32}", "trace <id>")
        .replaceAll("  session [0-9a-f-]{36}$", "  session <session>");
  }
}
