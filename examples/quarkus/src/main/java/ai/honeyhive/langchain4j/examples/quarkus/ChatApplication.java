package ai.honeyhive.langchain4j.examples.quarkus;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Starts the application, on an in-process OpenAI stand-in unless {@code OPENAI_API_KEY} is set.
 * With {@code --demo} it asks its own {@code POST /chat} one question, prints the answer (the
 * extension prints the request's trace, {@code quarkus.honeyhive.console=true}), and exits;
 * without, it serves until stopped.
 */
@QuarkusMain
public class ChatApplication implements QuarkusApplication {

  static final String DEMO_QUESTION = "What is the weather in Paris?";

  @Inject Instance<HoneyHiveTracer> tracer;

  /**
   * The entry point.
   *
   * @param args {@code --demo} asks one question and exits
   */
  public static void main(String... args) {
    if (System.getenv("OPENAI_API_KEY") == null) {
      System.setProperty("quarkus.langchain4j.openai.base-url", OpenAiStandIn.start());
    }
    if (Arrays.asList(args).contains("--demo") && System.getProperty("quarkus.http.port") == null) {
      System.setProperty("quarkus.http.port", "0");
    }
    Quarkus.run(ChatApplication.class, args);
  }

  @Override
  public int run(String... args) throws Exception {
    if (!Arrays.asList(args).contains("--demo")) {
      Quarkus.waitForExit();
      return 0;
    }
    int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
    System.out.println("POST /chat  " + DEMO_QUESTION);
    System.out.println("answer      " + ask("http://localhost:" + port + "/chat", DEMO_QUESTION));
    HoneyHiveTracer t = tracer.get();
    if (t != null) {
      t.flush(); // the request's trace is printed (and sent) before the application exits
    }
    return 0;
  }

  static String ask(String url, String question) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(question))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
