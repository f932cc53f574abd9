package ai.honeyhive.langchain4j.quarkus.it;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import jakarta.enterprise.context.ApplicationScoped;

/** The assistant's input guardrail: any non-blank question passes. */
@ApplicationScoped
public class QuestionGuardrail implements InputGuardrail {

  @Override
  public InputGuardrailResult validate(UserMessage userMessage) {
    return userMessage.singleText().isBlank() ? failure("Ask a question.") : success();
  }
}
