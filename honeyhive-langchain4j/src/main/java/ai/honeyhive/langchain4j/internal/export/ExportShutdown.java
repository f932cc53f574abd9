package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a tracer's export: spans, then session and event updates, within one deadline, at
 * {@code close()} or at JVM exit, however unreachable HoneyHive is.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class ExportShutdown {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  /**
   * Flushes and stops {@code export} (or flushes the user's {@code sdk} when there is no export of
   * ours), then flushes {@code events} in what is left of {@code timeout}, and closes them if
   * {@code closeEvents}.
   */
  public static void shutdown(
      HoneyHiveExport export, OpenTelemetry sdk, HoneyHiveEvents events, Duration timeout, boolean closeEvents) {
    // One deadline for everything: never longer than the timeout.
    long deadline = System.nanoTime() + timeout.toNanos();
    if (export != null) {
      export.shutdown(timeout);
    } else if (sdk != null) {
      HoneyHiveExport.flush(sdk, timeout);
    }
    if (events != null) {
      events.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (closeEvents) {
        events.close();
      }
    }
  }

  /**
   * Blocks until the spans finished so far are exported (by {@code export}, else by the user's
   * {@code sdk} if it is the SDK), then the queued updates are sent, each within {@link
   * HoneyHiveExport#EXPORT_TIMEOUT}. Spans first: an update to an event waits until HoneyHive has
   * its span.
   */
  public static boolean flush(HoneyHiveExport export, OpenTelemetry sdk, HoneyHiveEvents events) {
    boolean spansSent =
        export != null
            ? export.flush(HoneyHiveExport.EXPORT_TIMEOUT)
            : HoneyHiveExport.flush(sdk, HoneyHiveExport.EXPORT_TIMEOUT);
    boolean updatesSent = events == null || events.flush(HoneyHiveExport.EXPORT_TIMEOUT);
    return spansSent && updatesSent;
  }

  /**
   * Registers a JVM shutdown hook that ends {@code export} and {@code events}; null if there is
   * nothing to end or the JVM is already exiting.
   */
  public static Thread registerHook(HoneyHiveExport export, HoneyHiveEvents events, Duration timeout) {
    if (export == null && events == null) {
      return null;
    }
    Thread hook =
        new Thread(
            () -> {
              try {
                shutdown(export, null, events, timeout, false);
              } catch (Throwable t) {
                logger.log(Level.WARNING, "HoneyHive: flushing spans at JVM exit failed", t);
              }
            },
            "honeyhive-shutdown-flush");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return hook;
    } catch (IllegalStateException shuttingDown) {
      return null;
    }
  }

  /** Removes {@code hook}, unless the JVM is exiting (then the hook runs and does the same work). */
  public static void removeHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to: it does the same work.
    }
  }

  private ExportShutdown() {}
}
