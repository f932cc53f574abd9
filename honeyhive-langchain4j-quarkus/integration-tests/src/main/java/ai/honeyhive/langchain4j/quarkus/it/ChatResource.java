package ai.honeyhive.langchain4j.quarkus.it;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One endpoint: a question in, the assistant's answer out. */
@Path("/chat")
public class ChatResource {

  @Inject Assistant assistant;

  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public String chat(String question) {
    return assistant.chat(question);
  }
}
