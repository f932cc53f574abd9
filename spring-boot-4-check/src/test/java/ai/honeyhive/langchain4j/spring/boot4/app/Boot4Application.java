package ai.honeyhive.langchain4j.spring.boot4.app;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.spring.HoneyHiveRequestEnricher;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.spring.AiService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot 4 application: LangChain4j's AI-service starter, an OpenAI model from a {@code @Bean}
 * method (LangChain4j's OpenAI starter 1.11.0-beta19 fails on Spring Boot 4), and the HoneyHive
 * starter. The model gets the application's {@link ChatModelListener} beans, as LangChain4j's
 * starters do; the only HoneyHive code is the optional request enricher.
 */
@SpringBootApplication
public class Boot4Application {

  /** The AI service LangChain4j's starter builds. */
  @AiService
  public interface Assistant {
    /**
     * Answers a question.
     *
     * @param question the question
     * @return the answer
     */
    String chat(String question);
  }

  /** A tool bean. */
  @Component
  public static class WeatherTools {
    @Tool(name = "get_weather", value = "Current weather in a city")
    String getWeather(@P("city") String city, @P("unit") String unit) {
      return "18 degrees " + unit + ", sunny in " + city;
    }
  }

  /** The web layer. */
  @RestController
  public static class ChatController {
    private final Assistant assistant;

    ChatController(Assistant assistant) {
      this.assistant = assistant;
    }

    @PostMapping("/chat")
    String chat(@RequestBody String question) {
      return assistant.chat(question);
    }
  }

  @Bean
  ChatModel openAiChatModel(
      @Value("${openai.base-url}") String baseUrl, ObjectProvider<ChatModelListener> listeners) {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test-not-a-real-key")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .listeners(listeners.orderedStream().toList())
        .build();
  }

  @Bean
  HoneyHiveRequestEnricher requestEnrichment() {
    return request -> EnrichmentContext.builder().userProperty("user_id", request.getHeader("X-User-Id")).build();
  }
}
