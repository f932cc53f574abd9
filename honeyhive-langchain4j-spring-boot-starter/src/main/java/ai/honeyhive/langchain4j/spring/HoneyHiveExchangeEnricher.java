package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.EnrichmentContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The WebFlux counterpart of {@link HoneyHiveRequestEnricher}: maps each exchange to the
 * enrichment its spans carry. Declare one as a bean and the starter puts its result in the
 * request's Reactor context, from which it is current wherever Reactor restores thread-local
 * context for the request (set {@code spring.reactor.context-propagation=auto}, as Spring Boot's
 * own tracing of reactive code needs too).
 *
 * <pre>{@code
 * @Bean
 * HoneyHiveExchangeEnricher enrichment() {
 *   return exchange -> EnrichmentContext.builder()
 *       .userProperty("user_id", exchange.getRequest().getHeaders().getFirst("X-User-Id"))
 *       .metadata("feature", exchange.getRequest().getPath().value())
 *       .build();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface HoneyHiveExchangeEnricher {

  /**
   * The enrichment for {@code exchange}.
   *
   * @param exchange the incoming exchange
   * @return the enrichment, or null for none; an exception thrown here is logged once and the
   *     request proceeds without enrichment
   */
  EnrichmentContext enrich(ServerWebExchange exchange);
}
