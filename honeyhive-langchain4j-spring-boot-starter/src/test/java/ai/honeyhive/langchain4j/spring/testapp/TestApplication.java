package ai.honeyhive.langchain4j.spring.testapp;

import ai.honeyhive.langchain4j.spring.HoneyHiveRequestEnricher;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.spring.AiService;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary LangChain4j Spring Boot application with no HoneyHive code: an {@code @AiService}
 * with a tool bean, called from a REST controller. The OpenAI model comes from LangChain4j's
 * starter and its {@code langchain4j.open-ai.*} properties. It lives in a package of its own so
 * that its component scan sees none of the starter's classes, as in a real application.
 */
@SpringBootApplication
public class TestApplication {

  /** The AI service LangChain4j's starter builds from this interface. */
  @AiService
  public interface Assistant {
    /**
     * Answers a question.
     *
     * @param question the user's question
     * @return the model's answer
     */
    String chat(String question);
  }

  /** A tool bean that the starter wires into {@link Assistant}. */
  @Component
  public static class WeatherTools {
    /** How often the tool ran. */
    public final AtomicInteger calls = new AtomicInteger();

    @Tool(name = "get_weather", value = "Current weather in a city")
    String getWeather(@P("city") String city, @P("unit") String unit) {
      calls.incrementAndGet();
      return "18 degrees " + unit + ", sunny in " + city;
    }
  }

  /** Each request's user and feature, on every span the request causes. */
  @org.springframework.context.annotation.Bean
  HoneyHiveRequestEnricher requestEnrichment() {
    return request ->
        ai.honeyhive.langchain4j.EnrichmentContext.builder()
            .userProperty("user_id", request.getHeader("X-User-Id"))
            .metadata("feature", request.getRequestURI())
            .build();
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
}
