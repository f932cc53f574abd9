package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.Library;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the user reads when export goes wrong: one line that names the URL and the status or cause,
 * logged before flush() or close() returns; the OTLP exporter's own stack only at FINE.
 */
class ExportDiagnosticsTest {

  private static final String API_KEY = "hh-diag-key-51c3";
  private static final String TRACES = "/opentelemetry/v1/traces";

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static HoneyHiveTracerBuilder builder(String serverUrl) {
    return HoneyHiveTracer.builder()
        .apiKey(API_KEY)
        .project("diag")
        .serverUrl(serverUrl)
        .shutdownTimeout(Duration.ofSeconds(20))
        .environment(name -> null);
  }

  private static void span(HoneyHiveTracer tracer) {
    tracer.openTelemetry().getTracer("test").spanBuilder("work").startSpan().end();
  }

  /**
   * Every line at {@code level} or above that names {@code url}, formatted as a handler would print
   * it (other test classes' tracers may still be failing against their stopped stand-ins).
   */
  private static List<String> lines(LogCapture logs, Level level, String url) {
    SimpleFormatter formatter = new SimpleFormatter();
    return logs.atLeast(level).stream()
        .map(formatter::formatMessage)
        .filter(line -> line.contains(url))
        .collect(Collectors.toList());
  }

  /** What the OTLP exporter itself logged at {@code level} or above. */
  private static List<LogRecord> otlpExporterRecords(LogCapture logs, Level level) {
    return logs.atLeast(level).stream()
        .filter(r -> r.getLoggerName() != null && r.getLoggerName().endsWith(".HttpExporter"))
        .collect(Collectors.toList());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theFullOtlpEndpointAsServerUrlIsUsedAsTheBaseUrlAndSaysSo() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(post("/session/start").willReturn(aResponse().withStatus(200).withBody("{}")));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = builder(honeyHive.baseUrl() + TRACES).build()) {
      span(tracer);

      assertThat(tracer.flush()).isTrue();
      honeyHive.verify(1, postRequestedFor(urlEqualTo(TRACES)));
      honeyHive.verify(1, postRequestedFor(urlEqualTo("/session/start")));
      assertThat(lines(logs, Level.WARNING, honeyHive.baseUrl()))
          .containsExactly(
              "HoneyHive: serverUrl " + honeyHive.baseUrl() + TRACES + " is the full OTLP endpoint;"
                  + " using " + honeyHive.baseUrl() + ", to which /opentelemetry/v1/traces is"
                  + " appended. Set it to " + honeyHive.baseUrl() + " to silence this warning.");
    }
  }

  @Test
  void theFullOtlpEndpointInHhApiUrlIsUsedAsTheBaseUrlAndSaysSo() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
    Map<String, String> env =
        Map.of("HH_API_KEY", API_KEY, "HH_PROJECT", "diag", "HH_API_URL", honeyHive.baseUrl() + TRACES + "/");
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = HoneyHiveTracer.builder().environment(env::get).build()) {
      span(tracer);

      assertThat(tracer.flush()).isTrue();
      honeyHive.verify(1, postRequestedFor(urlEqualTo(TRACES)));
      assertThat(lines(logs, Level.WARNING, honeyHive.baseUrl()))
          .containsExactly(
              "HoneyHive: HH_API_URL " + honeyHive.baseUrl() + TRACES + " is the full OTLP endpoint;"
                  + " using " + honeyHive.baseUrl() + ", to which /opentelemetry/v1/traces is"
                  + " appended. Set it to " + honeyHive.baseUrl() + " to silence this warning.");
    }
  }

  @Test
  void aFailedExportIsOneWarningNamingTheUrlAndTheStatus() {
    // Nothing stubbed under /wrong: the stand-in answers 404, as HoneyHive does to a wrong path.
    String endpoint = honeyHive.baseUrl() + "/wrong" + TRACES;
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = builder(honeyHive.baseUrl() + "/wrong").build()) {
      span(tracer);

      assertThat(tracer.flush()).isFalse();
      assertThat(lines(logs, Level.WARNING, honeyHive.baseUrl()))
          .containsExactly(
              "HoneyHive: spans cannot be sent to " + endpoint + " (it answers HTTP 404). They are"
                  + " retried, then dropped and counted (droppedSpans()). Check the server URL"
                  + " (serverUrl(...) or HH_API_URL): it is HoneyHive's base URL, and spans go to"
                  + " it + /opentelemetry/v1/traces.");
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void nothingListeningIsOneWarningNamingTheUrlAndTheCauseWithTheStackOnlyAtFine() throws Exception {
    Logger library = Logger.getLogger(Library.LOGGER_NAME);
    Level before = library.getLevel();
    library.setLevel(Level.FINE);
    String endpoint = "http://127.0.0.1:" + closedPort() + TRACES;
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = builder(endpoint.substring(0, endpoint.length() - TRACES.length())).build()) {
      span(tracer);

      assertThat(tracer.flush()).isFalse();
      assertThat(lines(logs, Level.WARNING, endpoint))
          .containsExactly(
              "HoneyHive: spans cannot be sent: " + endpoint + " is unreachable (ConnectException)."
                  + " They are retried, then dropped and counted (droppedSpans()); export resumes by"
                  + " itself when HoneyHive is back.");
      assertThat(otlpExporterRecords(logs, Level.INFO)).isEmpty();
      assertThat(logs.records())
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.FINE);
                assertThat(r.getMessage())
                    .isEqualTo(
                        "HoneyHive: export to " + endpoint + ": Failed to export 1 spans. The request"
                            + " could not be executed.");
                assertThat(r.getThrown()).isNotNull();
              });
      assertThat(logs.allText()).doesNotContain(API_KEY);
    } finally {
      library.setLevel(before);
    }
  }

  @Test
  void theApplicationsOwnOtlpExporterLogsAsBefore() throws Exception {
    String endpoint = "http://127.0.0.1:" + closedPort() + TRACES;
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(
                        SimpleSpanProcessor.create(
                            OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setRetryPolicy(null).build()))
                    .build())
            .build();
    // Our exporter's filter is installed once a tracer exports to HoneyHive.
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer ignored = builder(honeyHive.baseUrl()).build()) {
      sdk.getTracer("app").spanBuilder("own").startSpan().end();

      assertThat(sdk.getSdkTracerProvider().forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
      assertThat(otlpExporterRecords(logs, Level.SEVERE))
          .anySatisfy(
              r -> {
                assertThat(r.getMessage())
                    .isEqualTo("Failed to export 1 spans. The request could not be executed.");
                assertThat(r.getThrown()).isNotNull();
              });
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSessionStartAnsweredWithAnotherIdIsOneWarningNamingBoth() {
    String sent = "2b7c1d4e-5f60-4a71-8b92-a3b4c5d6e7f8";
    String answered = "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4";
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(
        post("/session/start")
            .willReturn(aResponse().withStatus(200).withBody("{\"session_id\":\"" + answered + "\"}")));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = builder(honeyHive.baseUrl()).sessionId(sent).build()) {
      span(tracer);

      assertThat(tracer.flush()).isTrue();
      honeyHive.verify(
          1,
          postRequestedFor(urlEqualTo("/session/start"))
              .withRequestBody(matchingJsonPath("$.session.session_id", equalTo(sent))));
      assertThat(lines(logs, Level.WARNING, sent))
          .containsExactly(
              "HoneyHive: the session was started as " + sent + ", but HoneyHive answered with session id "
                  + answered + "; spans and session updates from this tracer still carry " + sent);
      assertThat(lines(logs, Level.ALL, answered)).hasSize(1);
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void aSessionStartAnsweredWithTheSameIdLogsNothing() {
    String sent = "2b7c1d4e-5f60-4a71-8b92-a3b4c5d6e7f9";
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(
        post("/session/start")
            .willReturn(aResponse().withStatus(200).withBody("{\"session_id\":\"" + sent.toUpperCase() + "\"}")));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = builder(honeyHive.baseUrl()).sessionId(sent).build()) {
      span(tracer);

      assertThat(tracer.flush()).isTrue();
      honeyHive.verify(1, postRequestedFor(urlEqualTo("/session/start")));
      assertThat(lines(logs, Level.ALL, sent)).isEmpty();
      assertThat(lines(logs, Level.ALL, sent.toUpperCase())).isEmpty();
    }
  }

  @Test
  void aRejectedKeyIsAWarningBeforeFlushReturns() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(401)));
    honeyHive.stubFor(post("/session/start").willReturn(aResponse().withStatus(401)));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = builder(honeyHive.baseUrl()).build()) {
      span(tracer);

      assertThat(tracer.flush()).isFalse();
      assertThat(lines(logs, Level.WARNING, honeyHive.baseUrl()))
          .containsExactlyInAnyOrder(
              "HoneyHive rejected the API key (HTTP 401 from " + honeyHive.baseUrl() + "/session/start):"
                  + " check HH_API_KEY or apiKey(...). Sessions, spans and updates are refused until"
                  + " it is fixed.",
              "HoneyHive rejected the API key for project diag (HTTP 401 from " + honeyHive.baseUrl()
                  + TRACES + "): check HH_API_KEY or apiKey(...). Spans are dropped until it is fixed.");
      assertThat(lines(logs, Level.INFO, honeyHive.baseUrl())).noneMatch(line -> line.contains("on ingestion instead"));
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void aRejectedKeyIsAWarningBeforeCloseReturns() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(403)));
    honeyHive.stubFor(post("/session/start").willReturn(aResponse().withStatus(403)));
    try (LogCapture logs = LogCapture.start()) {
      HoneyHiveTracer tracer = builder(honeyHive.baseUrl()).build();
      span(tracer);

      tracer.close();
      assertThat(lines(logs, Level.WARNING, honeyHive.baseUrl()))
          .containsExactlyInAnyOrder(
              "HoneyHive rejected the API key (HTTP 403 from " + honeyHive.baseUrl() + "/session/start):"
                  + " check HH_API_KEY or apiKey(...). Sessions, spans and updates are refused until"
                  + " it is fixed.",
              "HoneyHive rejected the API key for project diag (HTTP 403 from " + honeyHive.baseUrl()
                  + TRACES + "): check HH_API_KEY or apiKey(...). Spans are dropped until it is fixed.");
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }
}
