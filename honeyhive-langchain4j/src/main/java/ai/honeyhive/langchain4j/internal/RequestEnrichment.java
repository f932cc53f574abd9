package ai.honeyhive.langchain4j.internal;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;

/**
 * Puts the request's enrichment (what the user made current, and what came in baggage) on a span
 * being started. The public {@code EnrichmentContext} implements the values; the span factory
 * knows only this, so the core does not depend on the public API above it.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public interface RequestEnrichment {

  /**
   * Applies the enrichment found in {@code parent} (and {@code baggage}, which may be null) to
   * {@code span}; inputs, outputs and error only when {@code withEventOwn}.
   */
  void apply(SpanBuilder span, Context parent, Baggage baggage, boolean withEventOwn);
}
