package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The agents-and-MCP demo prints one tree from the workflow down to the MCP request, in the session. */
class AgentsWithMcpDemoTest {

  @Test
  void theDemoPrintsTheWorkflowAgentsModelCallsAndTheMcpToolCallAsOneTree() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      AgentsWithMcpDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.print(out);
    assumeFalse(out.contains("AgentsWithMcpDemo skipped"), "node or npm is not on the PATH");

    assertThat(out).contains("sum: The sum of 2 and 3 is 5.\n");
    String ms = "  [0-9.]+ ms  ";
    Matcher tree =
        Pattern.compile(
                "trace ([0-9a-f]{32})  service agents-mcp  session ([0-9a-f-]{36})\n"
                    + "invoke_agent report" + ms + "chain  inputs\\.a=2  inputs\\.b=3  inputs\\.topic=otters"
                    + "  metadata\\.agent_topology=sequence  outputs\\.sum=The sum of 2 and 3 is 5\\.\n"
                    + "├─ invoke_agent writer" + ms + "chain  metadata\\.agent_topology=ai_agent"
                    + "  outputs\\.story=<Write a story about otters\\.>\n"
                    + "│  └─ chat stand-in-model" + ms + "model  tokens=5/7\n"
                    + "└─ invoke_agent adder" + ms + "chain  metadata\\.agent_topology=ai_agent\n"
                    + "   ├─ tools/list" + ms + "tool\n"
                    + "   ├─ chat stand-in-model" + ms + "model  tokens=5/7\n"
                    + "   ├─ execute_tool get-sum" + ms + "tool\n"
                    + "   │  └─ tools/call get-sum" + ms + "tool\n"
                    + "   └─ chat stand-in-model" + ms + "model  tokens=5/7\n")
            .matcher(out);
    assertThat(tree.find()).as(out).isTrue();
    // initialize, made when the client is built, is a trace of its own in the same session.
    Matcher initialize =
        Pattern.compile("trace ([0-9a-f]{32})  service agents-mcp  session ([0-9a-f-]{36})\ninitialize" + ms + "tool\n")
            .matcher(out);
    assertThat(initialize.find()).as(out).isTrue();
    assertThat(initialize.group(2)).isEqualTo(tree.group(2));
    assertThat(out).contains("session " + tree.group(2) + " done.\n");
  }
}
