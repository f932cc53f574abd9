package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.Library;
import ai.honeyhive.langchain4j.internal.SessionAttributes;
import ai.honeyhive.langchain4j.internal.SessionIds;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveEvents;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import io.opentelemetry.api.baggage.Baggage;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A tracer's session and event updates ({@code enrichSession}, {@code enrichEvent}): the target id,
 * the {@code PUT /events} body, sending it in the background, and its line in the console view.
 */
final class SessionUpdates {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);
  private static final int MAX_CONSOLE_UPDATE = 300;

  private final String sessionId;
  private final HoneyHiveEvents events;
  private final HoneyHiveExport consoleExport;
  private final Enricher enricher;
  private final InternalFailures failures;
  private final boolean quiet;
  private final AtomicBoolean warnedNoApiKey = new AtomicBoolean();

  /**
   * @param events the REST client, or null without an API key
   * @param consoleExport the export that prints, or null when not printing
   * @param quiet true when no key is expected (tracing disabled, or console only)
   */
  SessionUpdates(
      String sessionId,
      HoneyHiveEvents events,
      HoneyHiveExport consoleExport,
      Enricher enricher,
      InternalFailures failures,
      boolean quiet) {
    this.sessionId = sessionId;
    this.events = events;
    this.consoleExport = consoleExport;
    this.enricher = enricher;
    this.failures = failures;
    this.quiet = quiet;
  }

  /** The session of the current request: W3C baggage {@code session_id}, else the tracer's. */
  String currentSessionId() {
    String fromBaggage = Baggage.current().getEntryValue(SessionAttributes.BAGGAGE_SESSION_ID);
    return fromBaggage != null && !fromBaggage.isBlank() ? SessionIds.normalize(fromBaggage) : sessionId;
  }

  void enrichSession(String target, EnrichmentContext enrichment) {
    try {
      if (target == null || target.isBlank() || enrichment == null) {
        failures.record("enrichSession", new IllegalArgumentException("sessionId and enrichment must be set"));
        return;
      }
      String id = SessionIds.normalize(target);
      update("session " + id, id, enrichment);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichSession", t);
    }
  }

  void enrichEvent(String eventId, EnrichmentContext enrichment) {
    try {
      if (eventId == null || eventId.isBlank() || enrichment == null) {
        failures.record("enrichEvent", new IllegalArgumentException("eventId and enrichment must be set"));
        return;
      }
      String id = SessionIds.normalize(eventId);
      update("event " + id, id, enrichment);
    } catch (Throwable t) {
      failures.record("HoneyHiveTracer.enrichEvent", t);
    }
  }

  /** {@code metadata} as an enrichment; entries the builder refuses are logged once and skipped. */
  EnrichmentContext lenient(Map<String, ?> metadata) {
    if (metadata == null) {
      return null;
    }
    EnrichmentContext.Builder builder = EnrichmentContext.builder();
    for (Map.Entry<String, ?> e : metadata.entrySet()) {
      try {
        builder.metadata(e.getKey(), e.getValue());
      } catch (IllegalArgumentException invalid) {
        failures.record("enrichSpan(Map)", invalid);
      }
    }
    return builder.build();
  }

  private void update(String what, String eventId, EnrichmentContext enrichment) {
    if (consoleExport != null) {
      print(what, eventId, enrichment);
    }
    if (events == null) {
      if (!quiet && warnedNoApiKey.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "HoneyHive: no API key, so session and event updates (enrichSession, enrichEvent) are"
                + " not sent; set apiKey(...) or HH_API_KEY to send them.");
      }
      return;
    }
    events.send(what, () -> enricher.eventUpdateJson(eventId, enrichment));
  }

  /**
   * The console view's line for an update: the body of the {@code PUT /events} the tracer sends
   * (or would send, with an API key), under the trees it prints. Development only.
   */
  private void print(String what, String eventId, EnrichmentContext enrichment) {
    String body;
    try {
      body = enricher.eventUpdateJson(eventId, enrichment);
    } catch (IOException | RuntimeException e) {
      body = "(unreadable: " + e.getClass().getSimpleName() + ")";
    }
    if (body.length() > MAX_CONSOLE_UPDATE) {
      body = body.substring(0, MAX_CONSOLE_UPDATE - 1) + "…";
    }
    consoleExport.printToConsole(
        "update " + what + "  PUT /events " + body + (events == null ? "  (console only: not sent)" : ""));
  }
}
