package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** enrichSession and enrichEvent against a WireMock stand-in for HoneyHive's REST API. */
class EnrichmentRestTest {

  private static final String API_KEY = "hh-rest-key-31c7";
  private static final String SESSION = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private HoneyHiveTracer tracer;

  @BeforeEach
  void setUp() {
    tracer = tracer(Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    tracer.close();
  }

  private static HoneyHiveTracer tracer(Duration timeout) {
    return HoneyHiveTracer.builder()
        .openTelemetry(otel.getOpenTelemetry())
        .apiKey(API_KEY)
        .project("rest")
        .source("ci")
        .sessionId(SESSION)
        .serverUrl(honeyHive.baseUrl())
        .environment(name -> null)
        .eventsTiming(timeout, Duration.ofMillis(20))
        .build();
  }

  @Test
  void enrichSessionSendsAPutWithTheNestedBodyAndBearerAuth() {
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));

    tracer.enrichSession(
        EnrichmentContext.builder()
            .metadata("tenant", "acme")
            .metadata("release", Map.of("version", "2.4.1", "canary", false))
            .metadata("db_password", "hunter2")
            .userProperty("tier", "gold")
            .metric("csat", 4.5)
            .feedback("comment", "fast")
            .config("prompt_version", "v7")
            .build());

    assertThat(tracer.flush()).isTrue();
    honeyHive.verify(
        putRequestedFor(urlEqualTo("/events"))
            .withHeader("Authorization", equalTo("Bearer " + API_KEY))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("X-Source", equalTo("ci"))
            .withHeader("hh-client-language", equalTo("java"))
            .withRequestBody(
                equalToJson(
                    "{\"event_id\":\"" + SESSION + "\","
                        + "\"metadata\":{\"tenant\":\"acme\",\"release\":{\"version\":\"2.4.1\",\"canary\":false},"
                        + "\"db_password\":\"[REDACTED]\"},"
                        + "\"metrics\":{\"csat\":4.5},"
                        + "\"feedback\":{\"comment\":\"fast\"},"
                        + "\"user_properties\":{\"tier\":\"gold\"},"
                        + "\"config\":{\"prompt_version\":\"v7\"}}")));
    assertThat(tracer.events().sent()).isEqualTo(1);
  }

  @Test
  void enrichSessionTargetsTheRequestsSessionAndEnrichEventAnyEvent() {
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(200)));

    try (Scope ignored = EnrichmentContext.builder().sessionId("conversation-9").build().makeCurrent()) {
      tracer.enrichSession(EnrichmentContext.builder().metadata("topic", "billing").build());
    }
    tracer.enrichSession("sess-from-another-service", EnrichmentContext.builder().metadata("step", 2).build());
    tracer.enrichEvent(
        "C0FFEE00-1234-4abc-8def-0123456789AB",
        EnrichmentContext.builder().feedback("rating", 5).feedback("thumbs_up", true).build());

    assertThat(tracer.flush()).isTrue();
    honeyHive.verify(
        putRequestedFor(urlEqualTo("/events"))
            .withRequestBody(equalToJson("{\"event_id\":\"ddabe5b1-b02d-5b57-a091-fb44f4b1419f\",\"metadata\":{\"topic\":\"billing\"}}")));
    honeyHive.verify(
        putRequestedFor(urlEqualTo("/events"))
            .withRequestBody(equalToJson("{\"event_id\":\"de2170a0-626d-5df1-8114-31a05397e843\",\"metadata\":{\"step\":2}}")));
    honeyHive.verify(
        putRequestedFor(urlEqualTo("/events"))
            .withRequestBody(
                equalToJson("{\"event_id\":\"c0ffee00-1234-4abc-8def-0123456789ab\",\"feedback\":{\"rating\":5,\"thumbs_up\":true}}")));
  }

  @Test
  void aServerErrorIsRetriedAndThenSucceeds() {
    honeyHive.stubFor(
        put("/events")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("rate limited"));
    honeyHive.stubFor(
        put("/events")
            .inScenario("flaky")
            .whenScenarioStateIs("rate limited")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
            .willSetStateTo("healthy"));
    honeyHive.stubFor(
        put("/events").inScenario("flaky").whenScenarioStateIs("healthy").willReturn(aResponse().withStatus(200)));

    tracer.enrichEvent("evt-1", EnrichmentContext.builder().feedback("rating", 4).build());

    assertThat(tracer.flush()).isTrue();
    honeyHive.verify(3, putRequestedFor(urlEqualTo("/events")));
    assertThat(tracer.events().failed()).isZero();
  }

  @Test
  void persistent500sStopAfterThreeAttemptsAreCountedAndLoggedOnceWithoutTheKey() {
    honeyHive.stubFor(
        put("/events").willReturn(aResponse().withStatus(500).withBody("{\"error\":\"bad key " + API_KEY + "\"}")));

    try (LogCapture logs = LogCapture.start()) {
      tracer.enrichEvent("evt-1", EnrichmentContext.builder().feedback("rating", 1).build());
      tracer.enrichEvent("evt-2", EnrichmentContext.builder().feedback("rating", 2).build());

      assertThat(tracer.flush()).isFalse();

      honeyHive.verify(6, putRequestedFor(urlEqualTo("/events")));
      assertThat(tracer.events().failed()).isEqualTo(2);
      List<LogRecord> warnings = logs.atLeast(Level.WARNING);
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getMessage())
          .contains("HTTP 500")
          .contains("after 3 attempts")
          .contains("OBFUSCATED")
          .doesNotContain(API_KEY);
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void aClientErrorIsNotRetried() {
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(400)));

    tracer.enrichEvent("evt-1", EnrichmentContext.builder().feedback("rating", 1).build());

    assertThat(tracer.flush()).isFalse();
    honeyHive.verify(1, putRequestedFor(urlEqualTo("/events")));
  }

  @Test
  void aSlowServerNeverBlocksTheCallerAndTimesOut() {
    tracer.close();
    tracer = tracer(Duration.ofMillis(300));
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));

    try (LogCapture logs = LogCapture.start()) {
      long start = System.nanoTime();
      tracer.enrichSession(EnrichmentContext.builder().metadata("k", "v").build());
      long callerNanos = System.nanoTime() - start;

      // The caller got control back while the request was still pending.
      assertThat(tracer.events().sent() + tracer.events().failed()).isZero();
      assertThat(callerNanos).isLessThan(Duration.ofMillis(300).toNanos());
      assertThat(tracer.flush()).isFalse();
      assertThat(tracer.events().failed()).isEqualTo(1);
      assertThat(logs.atLeast(Level.WARNING))
          .anySatisfy(r -> assertThat(r.getMessage()).contains("timed out after 3 attempts"));
    }
  }

  @Test
  void invalidArgumentsAreCountedNeverThrown() {
    tracer.enrichSession(null, EnrichmentContext.builder().metadata("k", "v").build());
    tracer.enrichSession("sess", null);
    tracer.enrichEvent(" ", EnrichmentContext.builder().metadata("k", "v").build());

    assertThat(TracerProbe.internalFailureCount(tracer)).isEqualTo(3);
    assertThat(tracer.flush()).isTrue();
    assertThat(honeyHive.findAll(putRequestedFor(urlEqualTo("/events")))).isEmpty();
  }
}
