package ai.honeyhive.langchain4j.examples.quarkus;

import dev.langchain4j.service.SystemMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** An ordinary Quarkus LangChain4j AI service, generated at build time; no HoneyHive code. */
@RegisterAiService(tools = WeatherTools.class)
public interface Assistant {

  /**
   * Answers a question, calling the weather tool when it needs to.
   *
   * @param question the user's question
   * @return the answer
   */
  @SystemMessage("You answer questions about the weather.")
  String chat(String question);
}
