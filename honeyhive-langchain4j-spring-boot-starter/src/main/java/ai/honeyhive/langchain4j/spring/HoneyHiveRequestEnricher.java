package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.EnrichmentContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Maps each web request to the enrichment its spans carry: declare one as a bean and the starter
 * makes its result current for the whole request, so every model, AI-service and tool span the
 * request causes carries it (the user from the principal, the feature from the route, an A/B
 * variant from a header, a session per conversation).
 *
 * <pre>{@code
 * @Bean
 * HoneyHiveRequestEnricher enrichment() {
 *   return request -> EnrichmentContext.builder()
 *       .userProperty("user_id", request.getRemoteUser())
 *       .metadata("feature", request.getRequestURI())
 *       .build();
 * }
 * }</pre>
 *
 * <p>Servlet applications only, for now. The enrichment is current on the request's thread while
 * the filter chain runs; work the request hands to other threads carries it where the library
 * already propagates context (AI services, streaming callbacks).
 */
@FunctionalInterface
public interface HoneyHiveRequestEnricher {

  /**
   * The enrichment for {@code request}.
   *
   * @param request the incoming request
   * @return the enrichment to make current, or null for none; an exception thrown here is logged
   *     once and the request proceeds without enrichment
   */
  EnrichmentContext enrich(HttpServletRequest request);
}
