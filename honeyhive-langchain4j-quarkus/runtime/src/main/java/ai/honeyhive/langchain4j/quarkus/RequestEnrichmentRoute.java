package ai.honeyhive.langchain4j.quarkus;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * With a {@link HoneyHiveRequestEnricher} bean: a route handler, before the application's routes,
 * that makes the request's enrichment current in the request's OpenTelemetry context. Quarkus
 * keeps that context in the request's Vert.x context, which follows the request from the event
 * loop to worker threads and back, so the enrichment is current wherever the request is handled.
 */
@Singleton
public class RequestEnrichmentRoute {

  private static final Logger logger = Logger.getLogger("ai.honeyhive.langchain4j.quarkus");

  private final HoneyHiveTracing tracing;
  private final Instance<HoneyHiveRequestEnricher> enrichers;
  private final AtomicBoolean reported = new AtomicBoolean();

  RequestEnrichmentRoute(HoneyHiveTracing tracing, Instance<HoneyHiveRequestEnricher> enrichers) {
    this.tracing = tracing;
    this.enrichers = enrichers;
  }

  void routes(@Observes Router router) {
    if (enrichers.isUnsatisfied()) {
      return;
    }
    // After Quarkus' own handlers before the default order (body, security), before the application's.
    router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
  }

  private void handle(RoutingContext request) {
    Instrumentation i = tracing.instrumentation();
    EnrichmentContext enrichment = i == null ? null : enrichment(request);
    if (enrichment == null || enrichment.isEmpty()) {
      request.next();
      return;
    }
    Context context = enrichment.storeInContext(Context.current());
    try {
      // The HTTP request's span started before the enrichment was known: it gets it now.
      i.enrich(AttributeWriter.to(Span.current()), context, false);
    } catch (RuntimeException e) {
      i.failures.record("RequestEnrichmentRoute", e);
    }
    Scope scope = context.makeCurrent();
    request.addEndHandler(done -> scope.close());
    request.next();
  }

  private EnrichmentContext enrichment(RoutingContext request) {
    try {
      return enrichers.get().enrich(request);
    } catch (RuntimeException e) {
      // The user's mapping failed: the request goes on unenriched; said once, not per request.
      if (reported.compareAndSet(false, true)) {
        logger.warn(
            "HoneyHive: the HoneyHiveRequestEnricher bean threw " + e.getClass().getName()
                + "; requests proceed without enrichment (logged once)");
      }
      return null;
    }
  }
}
