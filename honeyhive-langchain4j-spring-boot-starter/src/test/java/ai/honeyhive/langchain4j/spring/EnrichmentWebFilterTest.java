package ai.honeyhive.langchain4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.EnrichmentContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** The WebFlux filter and the accessor behind {@link HoneyHiveExchangeEnricher}. */
class EnrichmentWebFilterTest {

  private static final Logger LOGGER = Logger.getLogger(HoneyHiveAutoConfiguration.class.getName());

  private static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/chat"));
  }

  @Test
  void theEnrichmentIsInTheRequestsReactorContext() {
    EnrichmentContext enrichment = EnrichmentContext.builder().userProperty("user_id", "u-1").build();
    List<Object> seen = new ArrayList<>();

    new EnrichmentWebFilter(exchange -> enrichment)
        .filter(exchange(), exchange -> Mono.deferContextual(c -> {
          seen.add(c.getOrDefault(EnrichmentAccessor.KEY, null));
          return Mono.<Void>empty();
        }))
        .block();

    assertThat(seen).containsExactly(enrichment);
  }

  @Test
  void theAccessorMakesTheEnrichmentCurrentAndRestoresWhatWasThereInOrder() {
    EnrichmentAccessor accessor = new EnrichmentAccessor();
    EnrichmentContext outer = EnrichmentContext.builder().metadata("k", "outer").build();
    EnrichmentContext inner = EnrichmentContext.builder().metadata("k", "inner").build();
    EnrichmentContext before = EnrichmentContext.current();

    accessor.setValue(outer);
    assertThat(EnrichmentContext.current()).isSameAs(outer);
    accessor.setValue(inner);
    // A nested enrichment is merged over the outer one: a new value, neither of the two.
    assertThat(EnrichmentContext.current()).isNotSameAs(outer).isNotSameAs(before);
    accessor.restore(outer);
    assertThat(EnrichmentContext.current()).isSameAs(outer);
    accessor.restore();
    assertThat(EnrichmentContext.current()).isSameAs(before);
    // Unbalanced: nothing of ours is open, so nothing is closed.
    accessor.restore();
    assertThat(EnrichmentContext.current()).isSameAs(before);
  }

  @Test
  void anEnricherThatThrowsIsLoggedOnceAndEveryRequestStillRuns() {
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
      EnrichmentWebFilter filter =
          new EnrichmentWebFilter(
              exchange -> {
                throw new IllegalStateException("no principal");
              });
      List<String> ran = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        filter.filter(exchange(), exchange -> Mono.fromRunnable(() -> ran.add("chain"))).block();
      }

      assertThat(ran).hasSize(3);
      assertThat(lines)
          .containsExactly(
              "HoneyHive: the HoneyHiveExchangeEnricher bean threw java.lang.IllegalStateException; requests"
                  + " proceed without enrichment (logged once)");
    } finally {
      LOGGER.removeHandler(capture);
    }
  }
}
