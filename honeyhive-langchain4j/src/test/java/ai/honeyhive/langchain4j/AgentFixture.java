package ai.honeyhive.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.V;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents for {@link AgentTracingTest}. Public, with public members: LangChain4j's agentic module
 * calls agent methods reflectively from its own package.
 */
public final class AgentFixture {

  private AgentFixture() {}

  /** An AI agent: writes a story about the topic. */
  public interface Writer {
    @dev.langchain4j.service.UserMessage("Write a story about {{topic}}.")
    @Agent(name = "writer", description = "Writes a short story", outputKey = "story")
    String write(@V("topic") String topic);
  }

  /** An AI agent: edits the story the writer left in the agentic scope. */
  public interface Editor {
    @dev.langchain4j.service.UserMessage("Edit: {{story}}")
    @Agent(name = "editor", description = "Edits a story", outputKey = "edited")
    String edit(@V("story") String story);
  }

  /** An AI agent with a tool: looks up the weather for the topic's city. */
  public interface Forecaster {
    @dev.langchain4j.service.UserMessage("Weather in {{city}}?")
    @Agent(name = "forecaster", description = "Reports the weather", outputKey = "forecast")
    String forecast(@V("city") String city);
  }

  /** An AI agent given the MCP server's tools: adds two numbers with its {@code get-sum}. */
  public interface Adder {
    @dev.langchain4j.service.UserMessage("What is {{a}} plus {{b}}?")
    @Agent(name = "adder", description = "Adds two numbers", outputKey = "sum")
    String add(@V("a") int a, @V("b") int b);
  }

  /** The typed entry point of a workflow, with the agentic scope's memory id. */
  public interface StoryWorkflow {
    @Agent
    String tell(@MemoryId String user, @V("topic") String topic);
  }

  /** The tool the forecaster's model asks for; records the threads it ran on. */
  public static final class WeatherTool {
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Tool(name = "get_weather", value = "Current weather in a city")
    public String getWeather(@P("city") String city) {
      threads.add(Thread.currentThread().getName());
      return "sunny in " + city;
    }
  }

  /** A value Jackson cannot write (its getter throws), for an agent's output. */
  public static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("not readable");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("not printable");
    }
  }

  /** A plain Java agent (no model) whose result cannot be serialised. */
  public static final class Sketcher {
    @Agent(name = "sketcher", description = "Sketches an outline", outputKey = "outline")
    public Unwritable sketch(@V("topic") String topic) {
      return new Unwritable();
    }
  }

  /**
   * A model that answers at once: {@code <last user message>}, or, for the forecaster, first a
   * call of {@code get_weather} and then the tool's result; for the adder, a call of the MCP
   * server's {@code get-sum} and then what it returned. Records the threads it ran on; fails
   * when the message contains {@code fail}.
   */
  public static final class ScriptedModel implements ChatModel {
    static final String NAME = "story-model-1";

    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final List<ChatModelListener> listeners;

    ScriptedModel(ChatModelListener listener) {
      this.listeners = List.of(listener);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      threads.add(Thread.currentThread().getName());
      String text = "";
      List<ToolExecutionResultMessage> toolResults = new java.util.ArrayList<>();
      boolean planner = false;
      for (ChatMessage m : request.messages()) {
        if (m instanceof SystemMessage && ((SystemMessage) m).text().contains("planner expert")) {
          planner = true;
        } else if (m instanceof UserMessage) {
          text = ((UserMessage) m).singleText();
        } else if (m instanceof ToolExecutionResultMessage) {
          toolResults.add((ToolExecutionResultMessage) m);
        }
      }
      if (text.contains("fail")) {
        throw new IllegalStateException("model down");
      }
      AiMessage answer;
      if (planner) {
        // The supervisor's planner: call the writer once, then report done.
        answer =
            AiMessage.from(
                text.contains("last received response is: ''")
                    ? "{\"agentName\": \"writer\", \"arguments\": {\"topic\": \"otters\"}}"
                    : "{\"agentName\": \"done\", \"arguments\": {\"response\": \"story written\"}}");
      } else if (text.startsWith("Weather") && toolResults.isEmpty()) {
        // "Weather in Paris?" asks for one tool call; "Weather in Paris and Rome?" for two.
        List<ToolExecutionRequest> calls = new java.util.ArrayList<>();
        String[] cities = text.substring("Weather in ".length(), text.length() - 1).split(" and ");
        for (int i = 0; i < cities.length; i++) {
          calls.add(
              ToolExecutionRequest.builder()
                  .id("call-" + (i + 1))
                  .name("get_weather")
                  .arguments("{\"city\":\"" + cities[i] + "\"}")
                  .build());
        }
        answer = AiMessage.from(calls);
      } else if (text.startsWith("What is ") && text.contains(" plus ") && toolResults.isEmpty()) {
        String[] operands = text.substring("What is ".length(), text.length() - 1).split(" plus ");
        answer =
            AiMessage.from(
                ToolExecutionRequest.builder()
                    .id("call-1")
                    .name("get-sum")
                    .arguments("{\"a\":" + operands[0] + ",\"b\":" + operands[1] + "}")
                    .build());
      } else if (toolResults.size() == 1 && "get-sum".equals(toolResults.get(0).toolName())) {
        answer = AiMessage.from(toolResults.get(0).text());
      } else if (!toolResults.isEmpty()) {
        StringBuilder results = new StringBuilder();
        for (ToolExecutionResultMessage r : toolResults) {
          results.append(results.length() == 0 ? "" : ", ").append(r.text());
        }
        answer = AiMessage.from("It is " + results + ".");
      } else {
        answer = AiMessage.from("<" + text + ">");
      }
      return ChatResponse.builder()
          .aiMessage(answer)
          .modelName(NAME)
          .tokenUsage(new TokenUsage(5, 7))
          .build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return ChatRequestParameters.builder().modelName(NAME).build();
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
}
