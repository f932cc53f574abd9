package ai.honeyhive.langchain4j;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Session-level enrichment (set once with {@code enrichSession}), applied to every later span of
 * that session. Bounded: an application with one session per conversation must not grow without
 * end, so past {@link #MAX_SESSIONS} other sessions' entries are dropped (in no particular order),
 * counted and logged once.
 */
final class SessionEnrichments {

  static final int MAX_SESSIONS = 10_000;

  private static final Logger logger = Logger.getLogger(HoneyHiveTracer.class.getName());

  private final ConcurrentHashMap<String, EnrichmentContext> bySession = new ConcurrentHashMap<>();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final int capacity;

  SessionEnrichments(int capacity) {
    this.capacity = capacity;
  }

  /** Merges {@code context} over what the session already has. */
  void add(String sessionId, EnrichmentContext context) {
    bySession.merge(sessionId, context, EnrichmentContext::mergedWith);
    if (bySession.size() > capacity) {
      Iterator<String> it = bySession.keySet().iterator();
      while (bySession.size() > capacity && it.hasNext()) {
        String victim = it.next();
        if (!victim.equals(sessionId)) {
          it.remove();
          evicted.incrementAndGet();
        }
      }
      if (warned.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "HoneyHive: more than {0} sessions carry session-level enrichment; some are"
                + " forgotten for later spans (their HoneyHive session records keep it).",
            capacity);
      }
    }
  }

  /** The session's enrichment, or null. Lock-free. */
  EnrichmentContext get(String sessionId) {
    return bySession.isEmpty() ? null : bySession.get(sessionId);
  }

  long evicted() {
    return evicted.get();
  }
}
