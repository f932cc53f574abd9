package ai.honeyhive.langchain4j.examples.spring;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.spring.AiService;

/** The AI service LangChain4j's starter builds, with the application's chat model and tools. */
@AiService
public interface Assistant {

  /**
   * Answers a question, calling tools when it needs to.
   *
   * @param question the user's question
   * @return the model's answer
   */
  @SystemMessage("You are a helpful assistant. Use the tools to answer questions about the weather.")
  String chat(String question);
}
