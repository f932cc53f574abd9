package ai.honeyhive.langchain4j.quarkus;

import ai.honeyhive.langchain4j.EnrichmentContext;
import io.vertx.ext.web.RoutingContext;

/**
 * Declare a CDI bean of this type to enrich every HTTP request's spans: the extension calls it as
 * each request arrives (Quarkus REST, reactive routes, any Vert.x route) and the enrichment it
 * returns goes on every span the request causes, the HTTP request's own span, the AI-service, tool
 * and model spans, across Quarkus' thread hops. For example the user from the security identity
 * and the feature from the route:
 *
 * <pre>{@code
 * @Singleton
 * class Enrichment implements HoneyHiveRequestEnricher {
 *   public EnrichmentContext enrich(RoutingContext request) {
 *     return EnrichmentContext.builder()
 *         .userProperty("user_id", request.request().getHeader("X-User-Id"))
 *         .metadata("feature", request.normalizedPath())
 *         .build();
 *   }
 * }
 * }</pre>
 *
 * <p>If it throws, the request goes on without enrichment and one warning is logged (once).
 */
@FunctionalInterface
public interface HoneyHiveRequestEnricher {

  /**
   * Maps a request to its enrichment.
   *
   * @param request the request, as Vert.x routes it
   * @return the request's enrichment, or null for none
   */
  EnrichmentContext enrich(RoutingContext request);
}
