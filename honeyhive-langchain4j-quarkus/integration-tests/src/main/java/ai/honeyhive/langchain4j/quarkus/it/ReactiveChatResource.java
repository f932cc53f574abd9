package ai.honeyhive.langchain4j.quarkus.it;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A reactive endpoint: the request is handled on the event loop and the AI service called on a
 * worker of Mutiny's pool, another thread than the one the request arrived on.
 */
@Path("/chat-reactive")
public class ReactiveChatResource {

  @Inject Assistant assistant;

  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public Uni<String> chat(String question) {
    return Uni.createFrom().item(() -> assistant.chat(question)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
