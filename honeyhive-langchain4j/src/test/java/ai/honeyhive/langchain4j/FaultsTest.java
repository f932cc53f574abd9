package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.TestModels.Mode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HoneyHive misbehaving in every way we know: the user's calls never notice. */
class FaultsTest {

  private static final String API_KEY = "hh-fault-key-9d2e";
  private static final String TRACES = "/opentelemetry/v1/traces";

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().containerThreads(20)).build();

  /**
   * A HoneyHive that hangs, apart: the requests it holds for a minute would otherwise keep the
   * shared stand-in's threads busy in the tests that follow (on Java 25, where the order of these
   * tests differs, the next test's diagnosis request waited behind them).
   */
  @RegisterExtension
  static final WireMockExtension hangingHoneyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().containerThreads(20)).build();

  private static HoneyHiveTracer tracer() {
    return tracer(honeyHive);
  }

  private static HoneyHiveTracer tracer(WireMockExtension server) {
    return HoneyHiveTracer.builder()
        .apiKey(API_KEY)
        .project("faults")
        .serverUrl(server.baseUrl())
        .shutdownTimeout(Duration.ofSeconds(1))
        .environment(name -> null)
        .build();
  }

  private static String chat(HoneyHiveTracer tracer) {
    return TestModels.chat(
            Mode.BLOCKING,
            openAi.baseUrl(),
            tracer.chatModelListener(),
            ChatRequest.builder().messages(UserMessage.from("What is the capital of France?")).build())
        .aiMessage()
        .text();
  }

  private static List<String> warnings(LogCapture logs, String containing) {
    return logs.atLeast(Level.WARNING).stream()
        .map(LogRecord::getMessage)
        .filter(m -> m != null && m.contains(containing))
        .collect(Collectors.toList());
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void aRejectedKeyIsReportedOnceInPlainWordsAndExportResumesWhenFixed() throws Exception {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"Unauthorized\"}")));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = tracer()) {
      for (int i = 0; i < 5; i++) {
        assertThat(chat(tracer)).isEqualTo("The capital of France is Paris.");
        assertThat(tracer.flush()).isFalse();
      }
      await(() -> !warnings(logs, "rejected the API key").isEmpty());

      assertThat(warnings(logs, "rejected the API key"))
          .containsExactly(
              "HoneyHive rejected the API key for project faults (HTTP 401 from "
                  + honeyHive.baseUrl()
                  + TRACES
                  + "): check HH_API_KEY or apiKey(...). Spans are dropped until it is fixed.");
      assertThat(tracer.droppedSpans()).isEqualTo(5);

      honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
      assertThat(chat(tracer)).isEqualTo("The capital of France is Paris.");
      assertThat(tracer.flush()).isTrue();

      assertThat(tracer.export().exportedSpans()).isEqualTo(1);
      assertThat(logs.records())
          .anySatisfy(r -> assertThat(r.getMessage()).startsWith("HoneyHive: export to"));
      assertThat(logs.allText()).doesNotContain(API_KEY);
    }
  }

  @Test
  void theDiagnosisDoesNotWaitForABusyCommonPool() throws Exception {
    // Every common-pool thread parked, as an application's parallel streams may keep them. On
    // Java 25 an asynchronous HttpClient send completes through that pool; ours must not need it.
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
      CompletableFuture.runAsync(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(401)));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = tracer()) {
      chat(tracer);
      assertThat(tracer.flush()).isFalse();
      await(() -> !warnings(logs, "rejected the API key").isEmpty());

      assertThat(warnings(logs, "rejected the API key")).hasSize(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void unavailableAndRateLimitedAreRetriedThenDelivered() {
    honeyHive.stubFor(
        post(TRACES).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503)).willSetStateTo("busy"));
    honeyHive.stubFor(
        post(TRACES).inScenario("outage").whenScenarioStateIs("busy")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("up"));
    honeyHive.stubFor(
        post(TRACES).inScenario("outage").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
    try (HoneyHiveTracer tracer = tracer()) {
      assertThat(chat(tracer)).isEqualTo("The capital of France is Paris.");

      assertThat(tracer.flush()).isTrue();

      honeyHive.verify(3, postRequestedFor(urlEqualTo(TRACES)));
      assertThat(tracer.export().exportedSpans()).isEqualTo(1);
      assertThat(tracer.droppedSpans()).isZero();
    }
  }

  @Test
  void aHangingServerNeverSlowsChatCallsAndCloseIsBounded() throws Exception {
    hangingHoneyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
    HoneyHiveTracer tracer = tracer(hangingHoneyHive);
    chat(tracer);
    // On a thread of its own: parked on the common pool, it would starve what else runs there.
    CompletableFuture<Boolean> stuckFlush = CompletableFuture.supplyAsync(tracer::flush);
    await(() -> !hangingHoneyHive.findAll(postRequestedFor(urlEqualTo(TRACES))).isEmpty());

    long slowest = 0;
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      assertThat(chat(tracer)).isEqualTo("The capital of France is Paris.");
      slowest = Math.max(slowest, System.nanoTime() - start);
    }
    long closeStart = System.nanoTime();
    tracer.close();
    long closeNanos = System.nanoTime() - closeStart;

    System.out.printf(
        "RELIABILITY hanging_server slowest_chat_ms=%.1f close_ms=%.1f%n", slowest / 1e6, closeNanos / 1e6);
    // Generous bounds: a stand-in answers in milliseconds; an export hangs for a minute.
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(2));
    // shutdownTimeout is 1 s; allow scheduling slack, not a second timeout.
    assertThat(Duration.ofNanos(closeNanos)).isLessThan(Duration.ofMillis(1500));
    assertThat(stuckFlush.isDone()).isFalse();
  }

  @Test
  void garbageAndResetConnectionsFailCleanlyAndAreDiagnosed() throws Exception {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer tracer = tracer()) {
      assertThat(chat(tracer)).isEqualTo("The capital of France is Paris.");
      assertThat(tracer.flush()).isFalse();
      await(() -> !warnings(logs, "spans cannot be sent").isEmpty());

      assertThat(warnings(logs, "spans cannot be sent")).hasSize(1);
      assertThat(tracer.droppedSpans()).isEqualTo(1);
      assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
    }
  }

  @Test
  void aTwoHundredWithAGarbageBodyCountsAsDelivered() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200).withBody("<html>not protobuf</html>")));
    try (HoneyHiveTracer tracer = tracer()) {
      chat(tracer);
      assertThat(tracer.flush()).isTrue();
      assertThat(tracer.export().exportedSpans()).isEqualTo(1);
    }
  }

  @Test
  void aClosedTracerIsANoOpThatWarnsOnce() {
    honeyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200)));
    HoneyHiveTracer tracer = tracer();
    tracer.close();
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 3; i++) {
        assertThat(chat(tracer)).isEqualTo("The capital of France is Paris.");
      }
      tracer.close();

      assertThat(warnings(logs, "tracer is closed")).hasSize(1);
      assertThat(honeyHive.findAll(postRequestedFor(urlEqualTo(TRACES)))).isEmpty();
      assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
    }
  }

  @Test
  void aFullQueueDropsNewSpansAtOnceCountsThemAndWarnsOnce() throws Exception {
    hangingHoneyHive.stubFor(post(TRACES).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
    HoneyHiveTracer tracer = tracer(hangingHoneyHive);
    ChatModel model = new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener());
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 5000; i++) {
        assertThat(model.chat("call " + i)).isEqualTo("echo: call " + i);
      }

      System.out.printf("RELIABILITY full_queue calls=5000 dropped=%d%n", tracer.droppedSpans());
      // At most the bound waits; everything beyond it was dropped, counted and warned about once.
      assertThat(tracer.droppedSpans()).isGreaterThanOrEqualTo(5000 - 2048);
      assertThat(warnings(logs, "new spans are dropped")).hasSize(1);
    } finally {
      tracer.close();
    }
  }
}
