package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A million chat calls while HoneyHive is unreachable, in a JVM capped at 256 MB (its own surefire
 * run, see the pom): memory stays bounded and every span that could not be sent is counted.
 * Prints the figures docs/reliability.md quotes.
 */
class MemoryBoundTest {

  static final int CALLS = 1_000_000;

  @Test
  void aMillionCallsWithHoneyHiveDownStayWithinTheHeapAndCountEveryLostSpan() {
    long maxHeap = Runtime.getRuntime().maxMemory();
    HoneyHiveTracer tracer =
        HoneyHiveTracer.builder()
            .apiKey("hh-memory-test")
            .project("memory")
            .serverUrl("http://127.0.0.1:9")   // nothing listens: every export fails
            .shutdownTimeout(Duration.ofSeconds(1))
            .environment(name -> null)
            .build();
    ChatModel model = new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echoWithFixedId, tracer.chatModelListener());
    EnrichmentContext ctx =
        EnrichmentContext.builder().userProperty("user_id", "u-1").metadata("feature", "memory").build();

    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      try (var ignored = ctx.makeCurrent()) {
        model.chat("question number " + i + " with a little content to carry");
      }
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    long dropped = tracer.export().droppedSpans();
    long failed = tracer.export().failedSpans();
    tracer.close();

    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "RELIABILITY calls=%d elapsed_ms=%d dropped_queue_full=%d failed_export=%d peak_heap_mb=%d max_heap_mb=%d%n",
        CALLS, elapsedMs, dropped, failed, peakHeap >> 20, maxHeap >> 20);

    assertThat(maxHeap).isLessThanOrEqualTo(256L << 20);
    // Every span is accounted for: dropped at the bound, failed in export, or still waiting at close.
    assertThat(dropped + failed).isGreaterThanOrEqualTo(CALLS - 2L * 2048);
    assertThat(dropped).isPositive();
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }
}
