package ai.honeyhive.langchain4j.examples.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * An ordinary LangChain4j Spring Boot application, with no HoneyHive code: an {@link Assistant} AI
 * service with a {@link WeatherTools} tool bean, behind {@link ChatController}. The model comes
 * from LangChain4j's OpenAI starter; HoneyHive's starter and {@code honeyhive.console=true} (in
 * {@code application.properties}) print every request's trace as a tree.
 *
 * <p>Without {@code OPENAI_API_KEY} the model calls go to an in-process stand-in for OpenAI. With
 * {@code --demo} the application asks its own {@code POST /chat} one question, prints the answer,
 * and exits (on a free port, unless {@code server.port} is set).
 */
@SpringBootApplication
public class ChatApplication {

  static final String DEMO_QUESTION = "What is the weather in Paris?";

  /** Not instantiated by hand; Spring Boot creates it as a configuration bean. */
  public ChatApplication() {}

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments; {@code --demo} asks one question and exits
   * @throws Exception if the demo's request fails
   */
  public static void main(String[] args) throws Exception {
    ConfigurableApplicationContext context = run(System.getenv("OPENAI_API_KEY") == null, args);
    if (isDemo(args)) {
      System.exit(SpringApplication.exit(context));
    }
  }

  /**
   * Starts the application, on the OpenAI stand-in if {@code standIn}; with {@code --demo}, asks
   * one question before returning.
   */
  static ConfigurableApplicationContext run(boolean standIn, String... args) throws IOException, InterruptedException {
    boolean demo = isDemo(args);
    Map<String, Object> defaults = new HashMap<>();
    if (demo) {
      defaults.put("server.port", "0");
    }
    OpenAiStandIn openAi = standIn ? OpenAiStandIn.start() : null;
    if (openAi != null) {
      defaults.put("langchain4j.open-ai.chat-model.base-url", openAi.baseUrl());
    }
    SpringApplication application = new SpringApplication(ChatApplication.class);
    application.setDefaultProperties(defaults);
    ConfigurableApplicationContext context;
    try {
      context = application.run(args);
    } catch (RuntimeException e) {
      if (openAi != null) {
        openAi.close();
      }
      throw e;
    }
    if (openAi != null) {
      context.addApplicationListener(
          event -> {
            if (event instanceof ContextClosedEvent) {
              openAi.close();
            }
          });
    }
    if (demo) {
      String port = context.getEnvironment().getRequiredProperty("local.server.port");
      System.out.println("POST /chat  " + DEMO_QUESTION);
      System.out.println("answer      " + ask("http://localhost:" + port + "/chat", DEMO_QUESTION));
    }
    return context;
  }

  private static String ask(String url, String question) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(question, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("POST /chat returned " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** {@code --demo} or {@code --demo=true}. */
  static boolean isDemo(String... args) {
    String demo = new SimpleCommandLinePropertySource(args).getProperty("demo");
    return demo != null && (demo.isEmpty() || Boolean.parseBoolean(demo));
  }
}
