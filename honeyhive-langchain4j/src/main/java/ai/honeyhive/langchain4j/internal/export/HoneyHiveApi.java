package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * HoneyHive's REST API for callers that wait for the answer (experiments: runs, sessions, events,
 * datasets): one JSON request at a time on the caller's thread, with a request timeout and bounded
 * retries on 429, 5xx, timeouts and I/O errors (three attempts; backoff doubling from the base, or
 * the server's Retry-After, at most five seconds). Never throws for a failed request: the answer
 * says what happened. The API key stays here and in the headers.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class HoneyHiveApi {

  public static final int MAX_ATTEMPTS = 3;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** One request's outcome: the last HTTP status (0 if none arrived), its body, or the error. */
  public static final class Answer {
    public final int status;
    public final String body;
    public final String error;
    public final int attempts;

    public Answer(int status, String body, String error, int attempts) {
      this.status = status;
      this.body = body;
      this.error = error;
      this.attempts = attempts;
    }

    public boolean ok() {
      return error == null && status / 100 == 2;
    }

    /** What went wrong, for a log line or a summary; null when it went right. */
    public String problem() {
      if (ok()) {
        return null;
      }
      return error != null ? error : "HTTP " + status;
    }
  }

  private final String serverUrl;
  private final String apiKey;
  private final String project;
  private final String source;
  private volatile Duration requestTimeout = Duration.ofSeconds(10);
  private volatile Duration baseBackoff = Duration.ofMillis(500);
  /** Made on first use: most tracers never run an experiment. */
  private HttpClient http;

  public HoneyHiveApi(String serverUrl, String apiKey, String project, String source) {
    this.serverUrl = serverUrl;
    this.apiKey = apiKey;
    this.project = project;
    this.source = source;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "honeyhive-api");
                t.setDaemon(true);
                return t;
              });
      http = HttpClient.newBuilder().connectTimeout(requestTimeout).executor(executor).build();
    }
    return http;
  }

  /** The project sessions are started in; null if the tracer has none. */
  public String project() {
    return project;
  }

  public String serverUrl() {
    return serverUrl;
  }

  /** For tests: shorter timeouts and backoff. */
  public void timing(Duration requestTimeout, Duration baseBackoff) {
    this.requestTimeout = requestTimeout;
    this.baseBackoff = baseBackoff;
  }

  /** Sends {@code method path} with {@code json} (null for none) and waits for the answer. */
  public Answer call(String method, String path, String json) {
    URI uri = URI.create(serverUrl + path);
    int attempt = 0;
    while (true) {
      attempt++;
      HttpResponse<String> response = null;
      String error = null;
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("X-Source", source)
                .header("hh-client-language", "java")
                .header("hh-client-package", "honeyhive-langchain4j")
                .header("hh-client-version", Library.VERSION);
        if (json != null) {
          request.header("Content-Type", "application/json");
          request.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
          request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(0, null, "interrupted", attempt);
      } catch (java.net.http.HttpTimeoutException e) {
        error = "timed out";
      } catch (IOException e) {
        error = "I/O error (" + e.getClass().getSimpleName() + ")";
      } catch (RuntimeException e) {
        return new Answer(0, null, e.getClass().getSimpleName(), attempt);
      }
      int status = response == null ? 0 : response.statusCode();
      if (error == null && status / 100 == 2) {
        return new Answer(status, response.body(), null, attempt);
      }
      boolean retryable = error != null || status == 429 || status / 100 == 5;
      if (!retryable || attempt >= MAX_ATTEMPTS) {
        String body = response == null ? null : scrub(response.body());
        return new Answer(status, body, error, attempt);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(backoffMillis(attempt, response));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(status, null, "interrupted", attempt);
      }
    }
  }

  private long backoffMillis(int attempt, HttpResponse<String> response) {
    long backoff = baseBackoff.toMillis() << (attempt - 1);
    if (response != null) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      if (retryAfter != null) {
        try {
          backoff = TimeUnit.SECONDS.toMillis(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException ignored) {
          // An HTTP date: keep our own backoff.
        }
      }
    }
    return Math.min(backoff, MAX_BACKOFF_MILLIS);
  }

  private String scrub(String text) {
    if (text == null) {
      return null;
    }
    String s = apiKey.isEmpty() ? text : text.replace(apiKey, "OBFUSCATED");
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public String toString() {
    return "HoneyHiveApi{serverUrl=" + serverUrl + ", apiKey=OBFUSCATED}";
  }
}
