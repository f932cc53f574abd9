package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import ai.honeyhive.langchain4j.internal.content.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HoneyHive's session start ({@code POST /session/start}) and event update ({@code PUT /events})
 * APIs, called off the caller's thread: serialization, sending, and retries on 429, 5xx, timeouts
 * and I/O errors (three attempts, backoff 0.5 s then 1 s, or the server's Retry-After up to 10 s).
 * A 404 means HoneyHive has not ingested the event yet (its spans are still on their way): it is
 * retried for about half a minute (seven attempts, backoff doubling from 0.5 s). Updates wait for
 * the tracer's session start. Failures are counted and logged once; the API key never appears in
 * a log line.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class HoneyHiveEvents implements AutoCloseable {

  public static final int MAX_ATTEMPTS = 3;
  public static final int MAX_NOT_FOUND_ATTEMPTS = 7;
  public static final int MAX_PENDING = 1000;

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  private final URI endpoint;
  private final URI sessionStart;
  /** Completes when the tracer's session start has been answered (or was never asked for). */
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final AtomicLong notFoundRetries = new AtomicLong();
  private final String apiKey;
  private final String source;
  private final Duration requestTimeout;
  private final Duration baseBackoff;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Set<CompletableFuture<Boolean>> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();

  public HoneyHiveEvents(String serverUrl, String apiKey, String source, Duration requestTimeout, Duration baseBackoff) {
    this.endpoint = URI.create(serverUrl + "/events");
    this.sessionStart = URI.create(serverUrl + "/session/start");
    this.apiKey = apiKey;
    this.source = source;
    this.requestTimeout = requestTimeout;
    this.baseBackoff = baseBackoff;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "honeyhive-events");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
    this.http =
        HttpClient.newBuilder().connectTimeout(requestTimeout).executor(executor).build();
  }

  /**
   * Queues one update; returns at once. The body is produced on the background thread by {@code
   * body}, so even serialization stays off the caller's thread.
   */
  public CompletableFuture<Boolean> send(String what, java.util.concurrent.Callable<String> body) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    if (pendingCount.incrementAndGet() > MAX_PENDING) {
      pendingCount.decrementAndGet();
      fail(what, "more than " + MAX_PENDING + " updates are waiting to be sent", null);
      done.complete(false);
      return done;
    }
    pending.add(done);
    done.whenComplete(
        (ok, t) -> {
          pending.remove(done);
          pendingCount.decrementAndGet();
        });
    Runnable task =
        () -> {
          String json;
          try {
            json = body.call();
          } catch (Throwable t) {
            fail(what, "could not serialize the update", t);
            done.complete(false);
            return;
          }
          attempt(what, json, 1, done);
        };
    // After the session start, so that an update to the tracer's session never overtakes it.
    started.whenComplete(
        (ignored, error) -> {
          try {
            scheduler.execute(task);
          } catch (RuntimeException rejected) {
            fail(what, "the sender is closed", rejected);
            done.complete(false);
          }
        });
    return done;
  }

  /**
   * Starts the tracer's session in HoneyHive once, in the background, as HoneyHive's SDK does at
   * init: the record exists before any update to it. Spans also create it on ingestion
   * ({@code honeyhive.session_auto_create}), so a failure here loses nothing; it is logged once,
   * at INFO, except a rejected API key, which spans cannot make up for: that is a WARNING. {@link
   * #flush} waits for the answer.
   */
  public void startSession(String sessionId, String project, String sessionName) {
    try {
      JsonText body = new JsonText(256);
      body.beginObject().name("session").beginObject();
      body.field("project", project).field("session_name", sessionName).field("source", source);
      body.field("session_id", sessionId).endObject().endObject();
      String json = body.toString();
      HttpRequest request = request(sessionStart).POST(HttpRequest.BodyPublishers.ofString(json)).build();
      // A thread of our own, blocking on send: an asynchronous send completes through the common
      // pool on Java 25, and flush() waits for this answer; a busy common pool must not hold it.
      Thread thread =
          new Thread(
              () -> {
                HttpResponse<String> response = null;
                Throwable error = null;
                try {
                  response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  error = e;
                } catch (Throwable t) {
                  error = t;
                }
                if (error == null && (response.statusCode() == 401 || response.statusCode() == 403)) {
                  // Not something spans can make up for: they carry the same key.
                  logger.log(
                      Level.WARNING,
                      "HoneyHive rejected the API key (HTTP {0} from {1}): check HH_API_KEY or"
                          + " apiKey(...). Sessions, spans and updates are refused until it is fixed.",
                      new Object[] {String.valueOf(response.statusCode()), sessionStart});
                } else if (error != null || response.statusCode() / 100 != 2) {
                  String why = error != null ? describe(error) : "HTTP " + response.statusCode();
                  logger.log(
                      Level.INFO,
                      "HoneyHive: starting session {0} failed ({1}); its spans create it on"
                          + " ingestion instead",
                      new Object[] {sessionId, why});
                } else {
                  checkAnsweredId(sessionId, response.body());
                }
                started.complete(null);
              },
              "honeyhive-session-start");
      thread.setDaemon(true);
      thread.start();
    } catch (Throwable t) {
      logger.log(Level.INFO, "HoneyHive: starting the session failed; its spans create it on ingestion instead", t);
      started.complete(null);
    }
  }

  /**
   * A WARNING when HoneyHive answers the session start with another session id: the spans and
   * {@code enrichSession} updates carry the id we sent, so the session HoneyHive shows may not be
   * the one they reach. A warning, not INFO, because that splits the user's data; it comes at
   * most once per tracer, since the session is started once. An answer without an id, or not
   * JSON, says nothing either way and is ignored.
   */
  private void checkAnsweredId(String sent, String body) {
    try {
      if (body == null || body.isBlank()) {
        return;
      }
      com.fasterxml.jackson.databind.JsonNode id =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("session_id");
      if (id.isTextual() && !id.asText().equalsIgnoreCase(sent)) {
        logger.log(
            Level.WARNING,
            "HoneyHive: the session was started as {0}, but HoneyHive answered with session id {1};"
                + " spans and session updates from this tracer still carry {0}",
            new Object[] {sent, scrub(abbreviate(id.asText()))});
      }
    } catch (Throwable t) {
      logger.log(Level.FINE, "HoneyHive: could not read the session start's answer", t);
    }
  }

  /** Updates need not wait for a session start: the tracer's session is started elsewhere. */
  public void noSessionStart() {
    started.complete(null);
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", "application/json")
        .header("X-Source", source)
        .header("hh-client-language", "java")
        .header("hh-client-package", "honeyhive-langchain4j")
        .header("hh-client-version", Library.VERSION);
  }

  private void attempt(String what, String json, int attempt, CompletableFuture<Boolean> done) {
    HttpRequest request = request(endpoint).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() / 100 == 2) {
                sent.incrementAndGet();
                done.complete(true);
                return;
              }
              boolean notYet = error == null && response.statusCode() == 404;
              boolean retryable =
                  error != null
                      || response.statusCode() == 429
                      || response.statusCode() / 100 == 5;
              int maxAttempts = notYet ? MAX_NOT_FOUND_ATTEMPTS : MAX_ATTEMPTS;
              if ((retryable || notYet) && attempt < maxAttempts && !scheduler.isShutdown()) {
                long delay = backoffMillis(attempt, response);
                if (notYet) {
                  notFoundRetries.incrementAndGet();
                }
                try {
                  scheduler.schedule(() -> attempt(what, json, attempt + 1, done), delay, TimeUnit.MILLISECONDS);
                  return;
                } catch (RuntimeException closed) {
                  // Fall through to failure.
                }
              }
              String why =
                  error != null
                      ? describe(error)
                      : "HTTP " + response.statusCode() + " " + scrub(abbreviate(response.body()));
              fail(what, why + " after " + attempt + (attempt == 1 ? " attempt" : " attempts"), null);
              done.complete(false);
            });
  }

  private long backoffMillis(int attempt, HttpResponse<String> response) {
    long backoff = baseBackoff.toMillis() << (attempt - 1);
    if (response != null) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      if (retryAfter != null) {
        try {
          backoff = Math.min(TimeUnit.SECONDS.toMillis(Long.parseLong(retryAfter.trim())), 10_000);
        } catch (NumberFormatException ignored) {
          // An HTTP date: keep our own backoff.
        }
      }
    }
    return backoff;
  }

  private void fail(String what, String why, Throwable t) {
    failed.incrementAndGet();
    String message = "HoneyHive: " + what + " was not recorded: " + why;
    if (warned.compareAndSet(false, true)) {
      logger.log(Level.WARNING, message + " (further failures are counted and logged at FINE)");
    } else if (logger.isLoggable(Level.FINE)) {
      logger.log(Level.FINE, message, t);
    }
  }

  private static String describe(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof TimeoutException) {
      return "timed out";
    }
    if (cause instanceof IOException) {
      return "I/O error (" + cause.getClass().getSimpleName() + ")";
    }
    return cause.getClass().getSimpleName();
  }

  private String scrub(String text) {
    return apiKey.isEmpty() ? text : text.replace(apiKey, "OBFUSCATED");
  }

  private static String abbreviate(String body) {
    if (body == null || body.isEmpty()) {
      return "";
    }
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }

  /**
   * Waits until every queued update is sent or has failed; true if all succeeded in time and no
   * update has failed since the previous flush (one may have failed before this call).
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // The session start first: its answer (a rejected key, say) is logged before flush returns.
    try {
      started.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      // Not answered in time: the updates below fail the flush if they are not sent either.
    }
    boolean allSent = waitForPending(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    long now = failed.get();
    return allSent && failedAtLastFlush.getAndSet(now) == now;
  }

  private final AtomicLong failedAtLastFlush = new AtomicLong();

  private boolean waitForPending(Duration timeout) {
    CompletableFuture<?>[] all = pending.toArray(new CompletableFuture<?>[0]);
    if (all.length == 0) {
      return true;
    }
    try {
      CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (CompletableFuture<?> f : all) {
        if (!Boolean.TRUE.equals(f.getNow(null))) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  public long sent() {
    return sent.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Retries of updates that HoneyHive answered 404 (event not ingested yet). */
  public long notFoundRetries() {
    return notFoundRetries.get();
  }

  @Override
  public void close() {
    scheduler.shutdown();
  }

  @Override
  public String toString() {
    return "HoneyHiveEvents{endpoint=" + endpoint + ", apiKey=OBFUSCATED}";
  }
}
