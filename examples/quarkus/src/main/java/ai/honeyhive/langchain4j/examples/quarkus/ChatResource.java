package ai.honeyhive.langchain4j.examples.quarkus;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /chat}: a question in, the assistant's answer out. */
@Path("/chat")
public class ChatResource {

  @Inject Assistant assistant;

  /**
   * Asks the assistant.
   *
   * @param question the question, as plain text
   * @return the answer
   */
  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public String chat(String question) {
    return assistant.chat(question);
  }
}
