package ai.honeyhive.langchain4j.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the example as {@code --demo} does, on the OpenAI stand-in, and checks what it prints: the
 * answer, and the request's trace as one tree from the HTTP server span down to the model and
 * tool spans.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChatApplicationTest {

  @Test
  void demoPrintsTheRequestsTraceFromHttpSpanToToolSpan(CapturedOutput output) throws Exception {
    ConfigurableApplicationContext context = ChatApplication.run(true, "--demo");
    // As main does: closing the context flushes Spring Boot's OpenTelemetry SDK, which prints.
    assertThat(SpringApplication.exit(context)).isZero();

    List<String> lines = Arrays.stream(output.getOut().split("\\R")).map(ChatApplicationTest::withoutTimes).toList();
    assertThat(lines)
        .contains(
            " INFO HoneyHiveAutoConfiguration: HoneyHive tracing is on: project local, printed to the"
                + " console, spans through the application's OpenTelemetry");
    int question = lines.indexOf("POST /chat  What is the weather in Paris?");
    assertThat(question).as(output.getOut()).isNotNegative();
    assertThat(lines.subList(question, lines.size()))
        .as(output.getOut())
        .containsExactly(
            "POST /chat  What is the weather in Paris?",
            "answer      It is 18°C and sunny in Paris.",
            // Spring's HTTP span, the tree's root, carries the HoneyHive session too.
            "trace <id>  service chat-example  session <session>",
            "http post /chat  <t> ms",
            "├─ invoke_agent Assistant.chat  <t> ms  chain  inputs.question=What is the weather in Paris?"
                + "  outputs.result=It is 18°C and sunny in Paris.",
            "│  ├─ chat gpt-4o-mini  <t> ms  model  model=gpt-4o-mini-2024-07-18  tokens=81/19",
            "│  ├─ execute_tool get_weather  <t> ms  tool",
            "│  └─ chat gpt-4o-mini  <t> ms  model  model=gpt-4o-mini-2024-07-18  tokens=142/11",
            "├─ http post  <t> ms",
            "└─ http post  <t> ms");
  }

  @Test
  void demoIsOnWithTheFlagAloneOrTrue() {
    assertThat(ChatApplication.isDemo("--demo")).isTrue();
    assertThat(ChatApplication.isDemo("--demo=true")).isTrue();
    assertThat(ChatApplication.isDemo("--demo=false")).isFalse();
    assertThat(ChatApplication.isDemo("--server.port=8081")).isFalse();
  }

  /** Durations, trace ids and session ids differ from run to run. */
  private static String withoutTimes(String line) {
    return line.replaceAll("\\d+\\.\\d ms", "<t> ms")
        .replaceAll("^trace [0-9a-f]{32}", "trace <id>")
        .replaceAll("  session [0-9a-f-]{36}$", "  session <session>");
  }
}
