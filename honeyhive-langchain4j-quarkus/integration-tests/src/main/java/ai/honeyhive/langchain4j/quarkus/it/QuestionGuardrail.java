package ai.honeyhive.langchain4j.quarkus.it;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import jakarta.enterprise.context.ApplicationScoped;

/** The assistant's input guardrail: any non-blank question passes, except one about passwords. */
@ApplicationScoped
public class QuestionGuardrail implements InputGuardrail {

  @Override
  public InputGuardrailResult validate(UserMessage userMessage) {
    String question = userMessage.singleText();
    if (question.isBlank()) {
      return failure("Ask a question.");
    }
    return question.toLowerCase(java.util.Locale.ROOT).contains("password")
        ? failure("Questions about passwords are not answered.")
        : success();
  }
}
