package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The threads our OTLP exporter sends on, and a filter on the OTLP exporter's own logger that
 * turns its failure records, on those threads only, into FINE lines of ours (the stack included):
 * {@link ExportHealth} says what failed in one WARNING line that names the URL and the status or
 * cause. Records from any other exporter (the application's own) pass as before.
 */
final class ExporterLogs {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  /** The OTLP/HTTP exporter's logger: OpenTelemetry 1.52 and later, and before. */
  private static final String[] OTLP_LOGGERS = {
    "io.opentelemetry.exporter.otlp.internal.HttpExporter",
    "io.opentelemetry.exporter.internal.http.HttpExporter"
  };

  /** Strong references: a logger that nobody holds may be collected, and our filter with it. */
  private static final List<Logger> FILTERED = new CopyOnWriteArrayList<>();

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** An executor for the OTLP exporter to {@code endpoint}, whose failures are logged at FINE. */
  static ExecutorService executor(String endpoint) {
    install();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new ExportThread(r, endpoint, "honeyhive-otlp-export-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static synchronized void install() {
    if (!FILTERED.isEmpty()) {
      return;
    }
    for (String name : OTLP_LOGGERS) {
      Logger otlp = Logger.getLogger(name);
      otlp.setFilter(new Demote(otlp.getFilter()));
      FILTERED.add(otlp);
    }
  }

  private static final class ExportThread extends Thread {
    private final String endpoint;

    ExportThread(Runnable r, String endpoint, String name) {
      super(r, name);
      this.endpoint = endpoint;
    }
  }

  private static final class Demote implements Filter {
    private final Filter previous;

    Demote(Filter previous) {
      this.previous = previous;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
      Thread current = Thread.currentThread();
      if (current instanceof ExportThread) {
        if (logger.isLoggable(Level.FINE)) {
          logger.log(
              Level.FINE,
              "HoneyHive: export to " + ((ExportThread) current).endpoint + ": " + record.getMessage(),
              record.getThrown());
        }
        return false;
      }
      return previous == null || previous.isLoggable(record);
    }
  }

  private ExporterLogs() {}
}
