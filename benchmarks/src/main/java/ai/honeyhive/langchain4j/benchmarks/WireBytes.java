package ai.honeyhive.langchain4j.benchmarks;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes on the wire per span, with and without gzip, content capture off and on: a batch of 512
 * real chat spans (a different 200-character prompt each, the same short answer) sent by the OTLP
 * exporter to a local sink that counts the request body bytes it receives. A measurement, not a
 * timing: run it with {@code -Dbench.main=ai.honeyhive.langchain4j.benchmarks.WireBytes}.
 */
public final class WireBytes {

  public static void main(String[] args) throws Exception {
    AtomicLong bytes = new AtomicLong();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        exchange -> {
          bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.start();
    String url = "http://127.0.0.1:" + sink.getAddress().getPort();
    try {
      System.out.println("| content capture | spans per request | bytes per span | gzip: bytes per span | gzip / plain |");
      System.out.println("|---|---|---|---|---|");
      for (boolean content : new boolean[] {false, true}) {
        List<SpanData> all = spans(content);
        // 512 is the batch processor's largest batch (a busy service); 8 is a quiet one's.
        for (int size : new int[] {512, 8}) {
          List<SpanData> batch = all.subList(0, size);
          long plain = send(url, batch, false, bytes);
          long gzip = send(url, batch, true, bytes);
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | %d | %d | %.2f |%n",
              content ? "on" : "off",
              size,
              plain / size,
              gzip / size,
              (double) gzip / plain);
        }
      }
    } finally {
      sink.stop(0);
    }
  }

  private static long send(String url, List<SpanData> batch, boolean gzip, AtomicLong bytes) {
    SpanExporter exporter = HoneyHiveExport.spanExporter(url, "hh-bench-key", "dev", "bench", gzip);
    long before = bytes.get();
    if (!exporter.export(batch).join(30, TimeUnit.SECONDS).isSuccess()) {
      throw new IllegalStateException("export to the local sink failed");
    }
    exporter.shutdown().join(10, TimeUnit.SECONDS);
    return bytes.get() - before;
  }

  /** 512 chat spans as our listener makes them, each with its own trace and session attributes. */
  static List<SpanData> spans(boolean captureContent) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build())
            .build();
    try (HoneyHiveTracer tracer =
        HoneyHiveTracer.builder().openTelemetry(sdk).project("bench").captureContent(captureContent).build()) {
      ChatModel model = InstantModels.chat(List.of(tracer.chatModelListener()));
      java.util.Random random = new java.util.Random(42);
      for (int i = 0; i < ExportBenchmark.BATCH; i++) {
        // A different prompt per call: identical spans would flatter gzip.
        StringBuilder prompt = new StringBuilder("Question ").append(i).append(':');
        while (prompt.length() < 200) {
          prompt.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        model.chat(
            dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from(prompt.toString()))
                .parameters(
                    dev.langchain4j.model.chat.request.ChatRequestParameters.builder()
                        .modelName("gpt-4o-mini")
                        .temperature(0.2)
                        .build())
                .build());
      }
    }
    List<SpanData> spans = memory.getFinishedSpanItems();
    sdk.close();
    return spans;
  }

  private static final String[] WORDS = (
          "order refund shipping invoice account password reset delivery address warranty return"
              + " payment card declined subscription cancel upgrade plan billing date tracking number"
              + " parcel damaged missing item exchange size colour store opening hours contact agent")
      .split(" ");

  private WireBytes() {}
}
