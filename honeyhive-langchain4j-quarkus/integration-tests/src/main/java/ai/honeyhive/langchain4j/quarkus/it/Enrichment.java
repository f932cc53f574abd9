package ai.honeyhive.langchain4j.quarkus.it;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.quarkus.HoneyHiveRequestEnricher;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/** Each request's user, feature and A/B variant, on every span the request causes. */
@Singleton
public class Enrichment implements HoneyHiveRequestEnricher {

  @Override
  public EnrichmentContext enrich(RoutingContext request) {
    EnrichmentContext.Builder builder =
        EnrichmentContext.builder()
            .userProperty("user_id", request.request().getHeader("X-User-Id"))
            .metadata("feature", request.normalizedPath());
    String variant = request.request().getHeader("X-Variant");
    if (variant != null) {
      builder.abVariant(variant);
    }
    return builder.build();
  }
}
