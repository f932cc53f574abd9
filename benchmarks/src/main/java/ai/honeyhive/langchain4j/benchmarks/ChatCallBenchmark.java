package ai.honeyhive.langchain4j.benchmarks;

import ai.honeyhive.langchain4j.BenchmarkAccess;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One chat call, side by side: no listener; the floor (the same span, written by hand with the
 * OpenTelemetry SDK); our listener with content capture off and on. Every variant uses the same
 * SDK, whose span processor discards ended spans, so export cost is not measured here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ChatCallBenchmark {

  /**
   * The conversation sent: one short question (40 chars); about 1 KB in 14 short turns; about 1 KB
   * in one message; about 8 KB in 112 short turns. Turns are 73 characters of English.
   */
  @Param({"short", "1kb-14-turns", "1kb-1-message", "8kb-112-turns"})
  public String conversation;

  private OpenTelemetrySdk sdk;
  private HoneyHiveTracer contentOff;
  private HoneyHiveTracer contentOn;
  private ChatModel bare;
  private ChatModel withOursOff;
  private ChatModel withOursOn;
  private StreamingChatModel bareStreaming;
  private StreamingChatModel streamingOursOff;
  private StreamingChatModel streamingOursOn;
  private HoneyHiveTracer ownExportOff;
  private HoneyHiveTracer ownExportOn;
  private ChatModel withOwnExportOff;
  private ChatModel withOwnExportOn;
  private StreamingChatModel streamingOwnExportOff;
  private StreamingChatModel streamingOwnExportOn;
  private OpenTelemetrySdk appSdk;
  private HoneyHiveTracer appSdkOn;
  private ChatModel withAppSdkOn;
  private StreamingChatModel streamingAppSdkOn;
  private ChatModel withPeer;
  private StreamingChatModel streamingPeer;
  private Tracer floorTracer;
  private ChatRequest request;

  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("honeyhive_event_type");
  private static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<List<String>> FINISH = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  private static final AttributeKey<Long> INPUT = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT = AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final Attributes SESSION =
      Attributes.builder()
          .put("honeyhive.session_id", "3f1c2a7e-0000-4000-8000-000000000001")
          .put("traceloop.association.properties.session_id", "3f1c2a7e-0000-4000-8000-000000000001")
          .put("honeyhive.project", "bench")
          .put("honeyhive.source", "dev")
          .put("honeyhive.session_auto_create", true)
          .put("honeyhive.session_name", "bench")
          .build();
  private static final List<String> STOP = List.of("stop");

  /** Keeps ended spans out of any queue: we measure creation, attributes and end. */
  static final class Discard implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new Discard()).build())
            .build();
    contentOff =
        HoneyHiveTracer.builder().openTelemetry(sdk).project("bench").sessionName("bench")
            .sessionId("3f1c2a7e-0000-4000-8000-000000000001").captureContent(false).build();
    contentOn =
        HoneyHiveTracer.builder().openTelemetry(sdk).project("bench").sessionName("bench")
            .sessionId("3f1c2a7e-0000-4000-8000-000000000001").captureContent(true).build();
    bare = InstantModels.chat(List.of());
    withOursOff = InstantModels.chat(List.of(contentOff.chatModelListener()));
    withOursOn = InstantModels.chat(List.of(contentOn.chatModelListener()));
    bareStreaming = InstantModels.streaming(List.of());
    streamingOursOff = InstantModels.streaming(List.of(contentOff.chatModelListener()));
    streamingOursOn = InstantModels.streaming(List.of(contentOn.chatModelListener()));
    // The tracer's own SDK: bounded queue, batch thread, content written at export; the exporter
    // at the end accepts every batch at once and keeps nothing.
    ownExportOff = BenchmarkAccess.ownExportTracer(new ThroughputBenchmark.FakeExporter(true), false);
    ownExportOn = BenchmarkAccess.ownExportTracer(new ThroughputBenchmark.FakeExporter(true), true);
    withOwnExportOff = InstantModels.chat(List.of(ownExportOff.chatModelListener()));
    withOwnExportOn = InstantModels.chat(List.of(ownExportOn.chatModelListener()));
    streamingOwnExportOff = InstantModels.streaming(List.of(ownExportOff.chatModelListener()));
    streamingOwnExportOn = InstantModels.streaming(List.of(ownExportOn.chatModelListener()));
    // An application's own SDK (Spring Boot's, say) with HoneyHive's export added as a processor,
    // as the Spring Boot starter does: content is written by the batch thread at export.
    ai.honeyhive.langchain4j.internal.export.HoneyHiveExport.DeferredContent deferred =
        ai.honeyhive.langchain4j.internal.export.HoneyHiveExport.deferredContent(
            new ThroughputBenchmark.FakeExporter(true), null);
    appSdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(deferred.spanProcessor()).build())
            .build();
    deferred.attachTo(appSdk);
    appSdkOn =
        HoneyHiveTracer.builder().openTelemetry(appSdk).project("bench").sessionName("bench")
            .sessionId("3f1c2a7e-0000-4000-8000-000000000001").captureContent(true).build();
    withAppSdkOn = InstantModels.chat(List.of(appSdkOn.chatModelListener()));
    streamingAppSdkOn = InstantModels.streaming(List.of(appSdkOn.chatModelListener()));
    floorTracer = sdk.getTracer("floor");
    ObservationPeer peer = ObservationPeer.bridgedTo(sdk.getTracer("peer"));
    withPeer = InstantModels.chat(List.of(peer));
    streamingPeer = InstantModels.streaming(List.of(peer));
    request = request(conversation);
    checkThePeerMakesSpans();
  }

  /** The peer stand-in must really produce a span through the bridge, or its figure means nothing. */
  private void checkThePeerMakesSpans() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (OpenTelemetrySdk check =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build())
            .build()) {
      InstantModels.chat(List.of(ObservationPeer.bridgedTo(check.getTracer("peer")))).chat(request);
      List<SpanData> spans = memory.getFinishedSpanItems();
      if (spans.size() != 1
          || !"gpt-4o-mini".equals(spans.get(0).getAttributes().get(MODEL))
          || !"8".equals(spans.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.usage.output_tokens")))) {
        throw new IllegalStateException("the peer stand-in did not make the expected span: " + spans);
      }
    }
  }

  static ChatRequest request(String conversation) {
    switch (conversation) {
      case "short":
        return request(40);
      case "1kb-14-turns":
        return request(1024);
      case "1kb-1-message":
        return request(List.of(UserMessage.from(TURN.repeat(15).substring(0, 1024))));
      case "8kb-112-turns":
        return request(8192);
      default:
        throw new IllegalArgumentException("unknown conversation: " + conversation);
    }
  }

  private static final String TURN =
      "What is the capital of France? Please answer briefly and cite a source. ";

  /** A conversation of about {@code chars} characters: alternating user and assistant turns. */
  static ChatRequest request(int chars) {
    List<ChatMessage> messages = new ArrayList<>();
    String turn = TURN;
    int written = 0;
    int i = 0;
    do {
      String text = turn.substring(0, Math.min(turn.length(), Math.max(1, chars - written)));
      messages.add(i % 2 == 0 ? UserMessage.from(text) : AiMessage.from(text));
      written += text.length();
      i++;
    } while (written < chars);
    if (messages.get(messages.size() - 1) instanceof AiMessage) {
      messages.add(UserMessage.from("And Germany?"));
    }
    return request(messages);
  }

  private static ChatRequest request(List<ChatMessage> messages) {
    return ChatRequest.builder()
        .messages(messages)
        .parameters(ChatRequestParameters.builder().modelName("gpt-4o-mini").temperature(0.2).build())
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (HoneyHiveTracer own : List.of(ownExportOff, ownExportOn)) {
      String content = own == ownExportOn ? "on" : "off";
      long exported = BenchmarkAccess.exportedSpans(own);
      long dropped = own.droppedSpans();
      if (exported + dropped > 0) {
        // Calls here come far faster than a batch thread writes content: say how many of them
        // reached the exporter and how many the bounded queue dropped.
        System.out.printf(
            "%n[own export, content %s] exported %d, dropped %d%n",
            content, exported, dropped);
      }
    }
    ownExportOff.close();
    ownExportOn.close();
    contentOff.close();
    contentOn.close();
    appSdkOn.close();
    appSdk.close();
    sdk.close();
  }

  @Benchmark
  public ChatResponse blockingNoListener() {
    return bare.chat(request);
  }

  /** The floor: the OpenTelemetry SDK creating and ending the same span, attributes by hand. */
  @Benchmark
  public ChatResponse blockingFloorHandWrittenSpan() {
    Span span = floorSpan().startSpan();
    ChatResponse response = bare.chat(request);
    endFloorSpan(span, response);
    return response;
  }

  /** The floor's span before the call: what ours sets at request time with content off. */
  private SpanBuilder floorSpan() {
    return floorTracer
        .spanBuilder("chat gpt-4o-mini")
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setAttribute(OPERATION, "chat")
        .setAttribute(PROVIDER, "openai")
        .setAttribute(EVENT_TYPE, "model")
        .setAttribute(MODEL, "gpt-4o-mini")
        .setAttribute(TEMPERATURE, 0.2)
        .setAllAttributes(SESSION);
  }

  /** The floor's response attributes, then end. */
  private static void endFloorSpan(Span span, ChatResponse response) {
    span.setAttribute(RESPONSE_ID, response.metadata().id());
    span.setAttribute(RESPONSE_MODEL, response.metadata().modelName());
    span.setAttribute(FINISH, STOP);
    span.setAttribute(INPUT, (long) response.metadata().tokenUsage().inputTokenCount());
    span.setAttribute(OUTPUT, (long) response.metadata().tokenUsage().outputTokenCount());
    span.end();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The floor plus the same content attributes as ours, written the straightforward way: messages
   * as maps serialized by Jackson's {@code ObjectMapper}, chat history keys concatenated per call.
   * What writing this content costs any instrumentation that does not optimize for it.
   */
  @Benchmark
  public ChatResponse blockingFloorWithContentHandWritten() throws Exception {
    SpanBuilder builder = floorSpan();
    List<Map<String, Object>> input = new ArrayList<>();
    int i = 0;
    for (ChatMessage m : request.messages()) {
      String role = m instanceof UserMessage ? "user" : "assistant";
      String text = m instanceof UserMessage ? ((UserMessage) m).singleText() : ((AiMessage) m).text();
      input.add(Map.of("role", role, "parts", List.of(Map.of("type", "text", "content", text))));
      builder.setAttribute("honeyhive_inputs.chat_history." + i + ".role", role);
      builder.setAttribute("honeyhive_inputs.chat_history." + i + ".content", text);
      i++;
    }
    builder.setAttribute("gen_ai.input.messages", JSON.writeValueAsString(input));
    Span span = builder.startSpan();
    ChatResponse response = bare.chat(request);
    String answer = response.aiMessage().text();
    span.setAttribute(
        "gen_ai.output.messages",
        JSON.writeValueAsString(
            List.of(
                Map.of(
                    "role", "assistant",
                    "parts", List.of(Map.of("type", "text", "content", answer)),
                    "finish_reason", "stop"))));
    span.setAttribute("honeyhive_outputs.role", "assistant");
    span.setAttribute("honeyhive_outputs.content", answer);
    span.setAttribute("honeyhive_outputs.finish_reason", "stop");
    endFloorSpan(span, response);
    return response;
  }

  @Benchmark
  public ChatResponse blockingOursContentOff() {
    return withOursOff.chat(request);
  }

  @Benchmark
  public ChatResponse blockingOursContentOn() {
    return withOursOn.chat(request);
  }

  /** Content off, through the tracer's own SDK (bounded queue and batch processor). */
  @Benchmark
  public ChatResponse blockingOwnExportContentOff() {
    return withOwnExportOff.chat(request);
  }

  /**
   * Content on, through the tracer's own SDK: the call hands its request and response to the
   * export, and the batch thread writes the content.
   */
  @Benchmark
  public ChatResponse blockingOwnExportContentOn() {
    return withOwnExportOn.chat(request);
  }

  /**
   * Content on, through an application's own SDK to which HoneyHive's export is added as a span
   * processor (the Spring Boot starter's setup): the batch thread writes the content.
   */
  @Benchmark
  public ChatResponse blockingAppSdkWithHoneyHiveProcessorContentOn() {
    return withAppSdkOn.chat(request);
  }

  @Benchmark
  public void streamingAppSdkWithHoneyHiveProcessorContentOn() {
    streamingAppSdkOn.chat(request, InstantModels.IGNORE);
  }

  @Benchmark
  public void streamingOwnExportContentOff() {
    streamingOwnExportOff.chat(request, InstantModels.IGNORE);
  }

  @Benchmark
  public void streamingOwnExportContentOn() {
    streamingOwnExportOn.chat(request, InstantModels.IGNORE);
  }

  /** The peer stand-in: Micrometer Observation bridged to OpenTelemetry (see ObservationPeer). */
  @Benchmark
  public ChatResponse blockingPeerObservation() {
    return withPeer.chat(request);
  }

  @Benchmark
  public void streamingPeerObservation() {
    streamingPeer.chat(request, InstantModels.IGNORE);
  }

  @Benchmark
  public void streamingNoListener() {
    bareStreaming.chat(request, InstantModels.IGNORE);
  }

  @Benchmark
  public void streamingOursContentOff() {
    streamingOursOff.chat(request, InstantModels.IGNORE);
  }

  @Benchmark
  public void streamingOursContentOn() {
    streamingOursOn.chat(request, InstantModels.IGNORE);
  }
}
