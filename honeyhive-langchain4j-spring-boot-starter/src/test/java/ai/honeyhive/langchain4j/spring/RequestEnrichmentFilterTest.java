package ai.honeyhive.langchain4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.EnrichmentContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter behind {@link HoneyHiveRequestEnricher}: current during the chain, never in the way. */
class RequestEnrichmentFilterTest {

  private static final Logger LOGGER = Logger.getLogger(HoneyHiveAutoConfiguration.class.getName());

  @Test
  void theEnrichmentIsCurrentWhileTheChainRunsAndGoneAfter() throws Exception {
    EnrichmentContext enrichment = EnrichmentContext.builder().userProperty("user_id", "u-7").build();
    RequestEnrichmentFilter filter = new RequestEnrichmentFilter(request -> enrichment, null);
    List<EnrichmentContext> seen = new ArrayList<>();

    filter.doFilter(
        new MockHttpServletRequest("POST", "/chat"),
        new MockHttpServletResponse(),
        (request, response) -> seen.add(EnrichmentContext.current()));

    assertThat(seen).containsExactly(enrichment);
    assertThat(EnrichmentContext.current()).isNotSameAs(enrichment);
  }

  @Test
  void anEnrichmentThatNamesASessionMovesTheRequestSpanToIt() throws Exception {
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans =
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    io.opentelemetry.sdk.OpenTelemetrySdk sdk =
        io.opentelemetry.sdk.OpenTelemetrySdk.builder()
            .setTracerProvider(
                io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                    .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    try (ai.honeyhive.langchain4j.HoneyHiveTracer tracer =
        ai.honeyhive.langchain4j.HoneyHiveTracer.builder()
            .openTelemetry(sdk)
            .apiKey("k")
            .project("p")
            .serverUrl("http://127.0.0.1:9") // the session start goes nowhere
            .build()) {
      RequestEnrichmentFilter filter =
          new RequestEnrichmentFilter(request -> EnrichmentContext.builder().sessionId("conversation-9").build(), tracer);
      // Spring's HTTP server span, started before the filter runs.
      io.opentelemetry.api.trace.Span server = sdk.getTracer("spring").spanBuilder("http post /chat").startSpan();
      try (io.opentelemetry.context.Scope ignored = server.makeCurrent()) {
        filter.doFilter(new MockHttpServletRequest("POST", "/chat"), new MockHttpServletResponse(), (q, r) -> {});
      } finally {
        server.end();
      }
      String session = ai.honeyhive.langchain4j.HoneyHiveTracer.sessionIdFor("conversation-9");
      assertThat(spans.getFinishedSpanItems().get(0).getAttributes().asMap())
          .containsEntry(io.opentelemetry.api.common.AttributeKey.stringKey("honeyhive.session_id"), session)
          .containsEntry(io.opentelemetry.api.common.AttributeKey.stringKey("honeyhive.project"), "p");
      assertThat(session).isNotEqualTo(tracer.sessionId());
    }
  }

  @Test
  void aNullEnrichmentLetsTheRequestThroughUnchanged() throws Exception {
    RequestEnrichmentFilter filter = new RequestEnrichmentFilter(request -> null, null);
    List<String> ran = new ArrayList<>();

    filter.doFilter(
        new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (request, response) -> ran.add("chain"));

    assertThat(ran).containsExactly("chain");
  }

  @Test
  void anEnricherThatThrowsIsLoggedOnceAndEveryRequestStillRuns() throws Exception {
    List<String> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    LOGGER.addHandler(capture);
    try {
      RequestEnrichmentFilter filter =
          new RequestEnrichmentFilter(
              request -> {
                throw new IllegalStateException("no principal");
              },
              null);
      List<String> ran = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        filter.doFilter(
            new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (request, response) -> ran.add("chain"));
      }

      assertThat(ran).hasSize(3);
      assertThat(lines)
          .containsExactly(
              "HoneyHive: the HoneyHiveRequestEnricher bean threw java.lang.IllegalStateException; requests"
                  + " proceed without enrichment (logged once)");
    } finally {
      LOGGER.removeHandler(capture);
    }
  }
}
