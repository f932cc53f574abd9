package ai.honeyhive.langchain4j.examples.spring;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /chat} with a question as the body; the answer comes back as text. */
@RestController
public class ChatController {

  private final Assistant assistant;

  /**
   * Created by Spring.
   *
   * @param assistant the AI service
   */
  public ChatController(Assistant assistant) {
    this.assistant = assistant;
  }

  /**
   * Asks the assistant.
   *
   * @param question the request body
   * @return the assistant's answer
   */
  @PostMapping("/chat")
  public String chat(@RequestBody String question) {
    return assistant.chat(question);
  }
}
