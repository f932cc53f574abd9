package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The demo README's first command runs keeps working and prints what README says it shows: a chat
 * model called directly, an AI service with a tool and chat memory over two turns, enrichment,
 * feedback and a streamed call, each with its trace, after a legend for reading them.
 */
class QuickstartDemoTest {

  @Test
  void theDemoAnswersAndPrintsTheTraceOfEachPartAfterALegend() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try (OpenAiStandIn standIn = OpenAiStandIn.start()) {
      QuickstartDemo.run(standIn.baseUrl(), "demo");
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .startsWith(QuickstartDemo.LEGEND + "\n")
        .contains("(chain = AI-service call, model = chat-model call, tool = tool execution)")
        .contains("tokens=in/out = input/output tokens the model reported\n")
        // The chat model called directly: a trace of one model span.
        .containsPattern("model: Bonjour !\ntrace [0-9a-f]{32}  service quickstart  session " + UUID + "\n"
            + "chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=13/4\n\n")
        .contains("assistant: It is 18°C and sunny in Paris.\n")
        .contains("The capital of France is Paris.\n")
        .containsPattern("invoke_agent Assistant\\.chat  [0-9.]+ ms  chain  inputs\\.memory_id=conversation-1"
            + "  inputs\\.user_message=What is the weather in Paris\\?  metadata\\.ab_experiment=concise-prompt"
            + "  metadata\\.ab_variant=B  metadata\\.feature=weather-assistant"
            + "  metrics\\.retrieval_score=0\\.92  outputs\\.result=It is 18°C and sunny in Paris\\."
            + "  user_properties\\.user_id=user_123\n"
            + "├─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=81/19\n"
            + "├─ execute_tool get_weather  [0-9.]+ ms  tool\n"
            + "└─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=142/11\n")
        // The second turn: the stand-in answers about Paris only when the request carries the first
        // turn's tool result, i.e. when chat memory sent it along.
        .containsPattern("assistant: No need: it is sunny in Paris today\\.\n"
            + "trace [0-9a-f]{32}  service quickstart  session " + UUID + "\n"
            + "invoke_agent Assistant\\.chat  [0-9.]+ ms  chain  inputs\\.memory_id=conversation-1"
            + "  inputs\\.user_message=Do I need an umbrella there\\?  .*"
            + "  outputs\\.result=No need: it is sunny in Paris today\\.  user_properties\\.user_id=user_123\n"
            + "└─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=167/10\n")
        .containsPattern("trace [0-9a-f]{32}  service quickstart  session (" + UUID + ")\n")
        .containsPattern("chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=24/8"
            + "  streamed, first token after [0-9.]+ ms\n")
        // The session and event updates, each under the trees printed before it; not sent without a key.
        .containsPattern("(?m)^update session (" + UUID + ")  PUT /events \\{\"event_id\":\"\\1\","
            + "\"metadata\":\\{\"app_version\":\"1\\.0\\.0\"}}  \\(console only: not sent\\)\n")
        .containsPattern("  tokens=167/10\n\n== Feedback after the answer: .*\n"
            + "update event (" + UUID + ")  PUT /events \\{\"event_id\":\"\\1\","
            + "\"feedback\":\\{\"rating\":5}}  \\(console only: not sent\\)\n");
  }

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
}
