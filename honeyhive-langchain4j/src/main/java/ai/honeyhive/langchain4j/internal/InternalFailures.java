package ai.honeyhive.langchain4j.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Our own faults on the user's call path: counted, logged at WARNING the first time, then at FINE,
 * and never rethrown. A telemetry bug must not flood the user's log nor change their outcome.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class InternalFailures {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  private final AtomicLong count = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();

  public void record(String where, Throwable t) {
    count.incrementAndGet();
    try {
      if (warned.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "HoneyHive instrumentation failed in "
                + where
                + "; the LangChain4j call is unaffected, telemetry for it may be incomplete."
                + " Further failures are counted and logged at FINE.",
            t);
      } else if (logger.isLoggable(Level.FINE)) {
        logger.log(Level.FINE, "HoneyHive instrumentation failed in " + where, t);
      }
    } catch (Throwable ignored) {
      // A broken log handler is not a reason to fail the user's call.
    }
  }

  public long count() {
    return count.get();
  }
}
