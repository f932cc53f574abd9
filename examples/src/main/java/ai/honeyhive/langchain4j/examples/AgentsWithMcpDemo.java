package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.mcp.McpTelemetry;
import ai.honeyhive.langchain4j.agentic.AgentTelemetry;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A sequence of two agents, the second of which calls a tool of an MCP server, traced as one tree:
 * workflow, agents, model calls, the tool call and the MCP request under it. The MCP server is
 * {@code @modelcontextprotocol/server-everything}, started with {@code npx} over stdio.
 *
 * <p>Runs offline apart from npm fetching the server once: the model is a stand-in in this file.
 * Without node and npm on the PATH it says so and exits. Without {@code HH_API_KEY} and {@code
 * HH_PROJECT} it prints each trace here instead of sending it.
 */
public final class AgentsWithMcpDemo {

  static final String SERVER = "@modelcontextprotocol/server-everything@2026.8.31";

  /** The first agent: writes a one-line story. Public: LangChain4j's agentic module calls it. */
  public interface Writer {
    @UserMessage("Write a story about {{topic}}.")
    @Agent(name = "writer", description = "Writes a short story", outputKey = "story")
    String write(@V("topic") String topic);
  }

  /** The second agent: adds two numbers with the MCP server's {@code get-sum} tool. */
  public interface Adder {
    @UserMessage("What is {{a}} plus {{b}}?")
    @Agent(name = "adder", description = "Adds two numbers", outputKey = "sum")
    String add(@V("a") int a, @V("b") int b);
  }

  public static void main(String[] args) throws Exception {
    if (!runs("node", "--version") || !runs("npx", "--version")) {
      System.out.println("AgentsWithMcpDemo skipped: it needs node and npm (npx) on the PATH to run the MCP server.");
      return;
    }
    System.out.println(
        "honeyhive-langchain4j agents + MCP demo: model=in-process stand-in, MCP server="
            + SERVER
            + " (npx, stdio)");

    // 1. One tracer, printing each trace here as well.
    HoneyHiveTracer tracer = HoneyHiveTracer.builder().project("agents-mcp").console(true).build();

    // 2. The MCP client: a span per request, the trace and session sent in each request's _meta.
    StdioMcpTransport transport =
        StdioMcpTransport.builder().command(List.of("npx", "-y", SERVER, "stdio")).build();
    McpClient mcp =
        DefaultMcpClient.builder()
            .transport(transport)
            .initializationTimeout(Duration.ofMinutes(3)) // npx fetches the server the first time
            .autoHealthCheck(false)
            .addListener(McpTelemetry.create(tracer).clientListener(transport))
            .metaSupplier(McpTelemetry.create(tracer).metaSupplier())
            .build();
    List<ProcessHandle> server = new ArrayList<>();
    transport.getProcess().descendants().forEach(server::add);
    server.add(transport.getProcess().toHandle());
    try {
      // 3. Two agents on a model with the tracer's listener; the second has the server's tools.
      ChatModel model = new StandInModel(tracer.chatModelListener());
      Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model).build();
      Adder adder =
          AgenticServices.agentBuilder(Adder.class)
              .chatModel(model)
              .toolProvider(McpToolProvider.builder().mcpClients(mcp).build())
              .build();

      // 4. The workflow, with the tracer's agent listener once, on the outermost builder.
      UntypedAgent report =
          AgenticServices.sequenceBuilder()
              .name("report")
              .subAgents(writer, adder)
              .outputKey("sum")
              .listener(AgentTelemetry.create(tracer).agentListener())
              .build();
      System.out.println("sum: " + report.invoke(Map.of("topic", "otters", "a", 2, "b", 3)));
    } finally {
      mcp.close();
      stop(server);
      // 5. Flush before exit: the console prints the trees here.
      tracer.close();
    }
    System.out.println("session " + tracer.sessionId() + " done.");
  }

  /** The server does not exit when its input closes: end it and what npx started. */
  private static void stop(List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle p : processes) {
      p.destroy();
    }
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException stuck) {
        p.destroyForcibly();
      }
    }
  }

  private static boolean runs(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException notOnPath) {
      return false;
    }
  }

  /**
   * Stands in for a real model, so that the demo needs no key: asks for {@code get-sum} when asked
   * to add, answers with the tool's result after it, and otherwise repeats the request in brackets.
   */
  static final class StandInModel implements ChatModel {

    private final List<ChatModelListener> listeners;

    StandInModel(ChatModelListener listener) {
      this.listeners = List.of(listener);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      String text = "";
      String toolResult = null;
      for (ChatMessage m : request.messages()) {
        if (m instanceof dev.langchain4j.data.message.UserMessage) {
          text = ((dev.langchain4j.data.message.UserMessage) m).singleText();
        } else if (m instanceof ToolExecutionResultMessage) {
          toolResult = ((ToolExecutionResultMessage) m).text();
        }
      }
      AiMessage answer;
      if (toolResult != null) {
        answer = AiMessage.from(toolResult);
      } else if (text.startsWith("What is ") && text.contains(" plus ")) {
        String[] operands = text.substring("What is ".length(), text.length() - 1).split(" plus ");
        answer =
            AiMessage.from(
                ToolExecutionRequest.builder()
                    .id("call-1")
                    .name("get-sum")
                    .arguments("{\"a\":" + operands[0] + ",\"b\":" + operands[1] + "}")
                    .build());
      } else {
        answer = AiMessage.from("<" + text + ">");
      }
      return ChatResponse.builder()
          .aiMessage(answer)
          .modelName("stand-in-model")
          .tokenUsage(new TokenUsage(5, 7))
          .build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return ChatRequestParameters.builder().modelName("stand-in-model").build();
    }

    @Override
    public List<ChatModelListener> listeners() {
      return listeners;
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OTHER;
    }
  }

  private AgentsWithMcpDemo() {}
}
