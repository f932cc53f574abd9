package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.EnrichmentContext;
import io.opentelemetry.context.Scope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.filter.OncePerRequestFilter;

/** Makes the {@link HoneyHiveRequestEnricher}'s enrichment current while a request is handled. */
final class RequestEnrichmentFilter extends OncePerRequestFilter {

  private final HoneyHiveRequestEnricher enricher;
  private final AtomicBoolean reported = new AtomicBoolean();

  RequestEnrichmentFilter(HoneyHiveRequestEnricher enricher) {
    this.enricher = enricher;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    EnrichmentContext enrichment = enrichment(request);
    if (enrichment == null) {
      chain.doFilter(request, response);
      return;
    }
    try (Scope ignored = enrichment.makeCurrent()) {
      chain.doFilter(request, response);
    }
  }

  private EnrichmentContext enrichment(HttpServletRequest request) {
    try {
      return enricher.enrich(request);
    } catch (RuntimeException e) {
      // The user's mapping failed: the request goes on unenriched; said once, not per request.
      if (reported.compareAndSet(false, true)) {
        HoneyHiveAutoConfiguration.logger.warning(
            "HoneyHive: the HoneyHiveRequestEnricher bean threw " + e.getClass().getName()
                + "; requests proceed without enrichment (logged once)");
      }
      return null;
    }
  }
}
