package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the {@link HoneyHiveRequestEnricher}'s enrichment current while a request is handled. When
 * it names a session, the HTTP request's span (started before this filter runs) is moved to that
 * session too, as every span started beneath it is.
 */
final class RequestEnrichmentFilter extends OncePerRequestFilter {

  private final HoneyHiveRequestEnricher enricher;
  private final HoneyHiveTracer tracer;
  private final AtomicBoolean reported = new AtomicBoolean();

  RequestEnrichmentFilter(HoneyHiveRequestEnricher enricher, HoneyHiveTracer tracer) {
    this.enricher = enricher;
    this.tracer = tracer;
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
      if (enrichment.sessionId() != null) {
        sessionOnRequestSpan();
      }
      chain.doFilter(request, response);
    }
  }

  private void sessionOnRequestSpan() {
    Span span = Span.current();
    if (tracer == null || !span.isRecording()) {
      return;
    }
    try {
      // The context now carries the enrichment's session in its baggage.
      TracerAccess.instrumentation(tracer).session.apply(span, Context.current());
    } catch (RuntimeException e) {
      // Only the request's span keeps the application's session.
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
