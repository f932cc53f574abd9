package ai.honeyhive.langchain4j.quarkus.it;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.guardrail.InputGuardrails;
import io.quarkiverse.langchain4j.RegisterAiService;

/** The AI service Quarkus LangChain4j generates at build time. */
@RegisterAiService(tools = WeatherTools.class)
public interface Assistant {

  @SystemMessage("You answer questions about the weather.")
  @InputGuardrails(QuestionGuardrail.class)
  String chat(String question);
}
