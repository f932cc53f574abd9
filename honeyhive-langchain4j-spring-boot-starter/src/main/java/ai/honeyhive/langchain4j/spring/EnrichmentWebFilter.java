package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.EnrichmentContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Puts the {@link HoneyHiveExchangeEnricher}'s enrichment in each request's Reactor context. */
final class EnrichmentWebFilter implements WebFilter, Ordered {

  private final HoneyHiveExchangeEnricher enricher;
  private final AtomicBoolean reported = new AtomicBoolean();

  EnrichmentWebFilter(HoneyHiveExchangeEnricher enricher) {
    this.enricher = enricher;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    EnrichmentContext enrichment = enrichment(exchange);
    if (enrichment == null) {
      return chain.filter(exchange);
    }
    return chain.filter(exchange).contextWrite(context -> context.put(EnrichmentAccessor.KEY, enrichment));
  }

  /** After Spring's observation filter, so the HTTP server span is already in the context. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 2;
  }

  private EnrichmentContext enrichment(ServerWebExchange exchange) {
    try {
      return enricher.enrich(exchange);
    } catch (RuntimeException e) {
      if (reported.compareAndSet(false, true)) {
        HoneyHiveAutoConfiguration.logger.warning(
            "HoneyHive: the HoneyHiveExchangeEnricher bean threw " + e.getClass().getName()
                + "; requests proceed without enrichment (logged once)");
      }
      return null;
    }
  }
}
