package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Says once per outage, in plain words, why spans do not reach HoneyHive. The OTLP exporter's
 * failure carries no status we may read (that type is internal to OpenTelemetry), so on the first
 * failure of a streak we send one empty OTLP request ourselves and read its status: 401/403 is a
 * rejected key, anything else an unreachable or failing HoneyHive. The first success after a
 * streak says that export resumed. Every line names the endpoint and the status or the cause; a
 * flush waits for the diagnosis (within its deadline), so it is logged before the flush returns.
 */
final class ExportHealth {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  private final URI endpoint;
  private final String apiKey;
  private final String source;
  private final String project;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicLong failedInStreak = new AtomicLong();
  private volatile HttpClient http;
  private volatile String lastDiagnosis;
  private volatile CompletableFuture<Void> diagnosis = CompletableFuture.completedFuture(null);

  ExportHealth(String endpoint, String apiKey, String source, String project) {
    this.endpoint = URI.create(endpoint);
    this.apiKey = apiKey;
    this.source = source;
    this.project = project;
  }

  void succeeded() {
    if (failing.compareAndSet(true, false)) {
      logger.log(
          Level.INFO,
          "HoneyHive: export to {0} resumed ({1} spans were lost while it failed).",
          new Object[] {endpoint, failedInStreak.getAndSet(0)});
    }
  }

  void failed(int spans) {
    failedInStreak.addAndGet(spans);
    if (failing.compareAndSet(false, true)) {
      probe();
    }
  }

  /**
   * Waits until the diagnosis of the current failure, if one is under way, is logged; false if it
   * was not within {@code timeout}.
   */
  boolean awaitDiagnosis(Duration timeout) {
    try {
      diagnosis.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** The last diagnosis logged, for tests and support. */
  String lastDiagnosis() {
    return lastDiagnosis;
  }

  private void probe() {
    try {
      if (http == null) {
        http =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(
                    r -> {
                      Thread t = new Thread(r, "honeyhive-export-health");
                      t.setDaemon(true);
                      t.start();
                    })
                .build();
      }
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + apiKey)
              .header("X-Source", source)
              .header("Content-Type", "application/x-protobuf")
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      // A thread of our own, blocking on send: an asynchronous send completes through the common
      // pool on Java 25, and a busy common pool in the application would hold the diagnosis back.
      CompletableFuture<Void> done = new CompletableFuture<>();
      diagnosis = done;
      Thread probe =
          new Thread(
              () -> {
                try {
                  diagnose(request);
                } finally {
                  done.complete(null);
                }
              },
              "honeyhive-export-health");
      probe.setDaemon(true);
      probe.start();
    } catch (RuntimeException e) {
      logger.log(
          Level.WARNING,
          "HoneyHive: spans cannot be sent to " + endpoint + " (" + e.getClass().getSimpleName() + ")");
      logger.log(Level.FINE, "HoneyHive: the export diagnosis failed", e);
    }
  }

  private void diagnose(HttpRequest request) {
    String message;
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        message =
            "HoneyHive rejected the API key for project "
                + project
                + " (HTTP "
                + response.statusCode()
                + " from "
                + endpoint
                + "): check HH_API_KEY or apiKey(...). Spans are dropped until it is fixed.";
      } else {
        message =
            "HoneyHive: spans cannot be sent to "
                + endpoint
                + " (it answers HTTP "
                + response.statusCode()
                + "). They are retried, then dropped and counted (droppedSpans())."
                + (response.statusCode() == 404
                    ? " Check the server URL (serverUrl(...) or HH_API_URL): it is HoneyHive's base"
                        + " URL, and spans go to it + " + HoneyHiveExport.TRACES_PATH + "."
                    : "");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception error) {
      message =
          "HoneyHive: spans cannot be sent: "
              + endpoint
              + " is unreachable ("
              + cause(error)
              + "). They are retried, then dropped and counted (droppedSpans()); export"
              + " resumes by itself when HoneyHive is back.";
    }
    lastDiagnosis = message;
    logger.log(Level.WARNING, message);
  }

  /** The exception's type and, when it has one, its message: "ConnectException: ...". */
  private static String cause(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }
}
