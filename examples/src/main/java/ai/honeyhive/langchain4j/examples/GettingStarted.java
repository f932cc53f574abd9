// snippet: getting-started
package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import java.util.List;

/** Traces a chat model and an AI service with a tool into HoneyHive (docs/getting-started.md). */
public final class GettingStarted {

  /** An AI service: LangChain4j implements this interface. */
  interface Assistant {
    String chat(@MemoryId String conversationId, @UserMessage String message);
  }

  /** A tool the model may call. */
  static final class WeatherTools {
    @Tool(name = "get_weather", value = "Current weather in a city")
    String getWeather(String city) {
      return "sunny in " + city;
    }
  }

  public static void main(String[] args) {
    // 1. One tracer for the application, from HH_API_KEY and HH_PROJECT (and HH_API_URL, ...).
    HoneyHiveTracer tracer = HoneyHiveTracer.fromEnv();

    // 2. Its listener on each chat model: one span per model call.
    ChatModel model = OpenAiChatModel.builder()
        .baseUrl(System.getenv("OPENAI_BASE_URL"))   // if unset: https://api.openai.com/v1
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .modelName("gpt-4o-mini")
        .listeners(List.of(tracer.chatModelListener()))
        .build();
    System.out.println("model: " + model.chat("Say hello in French."));

    // 3. An AI service: configure(...) adds tool and guardrail spans, decorate(...) one parent
    //    span per call, with that call's model and tool spans beneath it.
    Assistant assistant = tracer.decorate(Assistant.class,
        tracer.configure(AiServices.builder(Assistant.class))
            .chatModel(model)
            .tools(new WeatherTools())
            .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
            .build());
    System.out.println("assistant: " + assistant.chat("conversation-1", "What is the weather in Paris?"));

    // 4. Before a short program exits: send what is still queued (a shutdown hook would too).
    if (!tracer.flush()) {
      System.err.println("some spans did not reach HoneyHive; the log says why");
    }
    tracer.close();
    System.out.println("session: " + tracer.sessionId());   // its id in HoneyHive
  }

  private GettingStarted() {}
}
// end snippet
