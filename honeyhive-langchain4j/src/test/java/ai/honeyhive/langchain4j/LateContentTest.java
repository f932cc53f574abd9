package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the tracer's own SDK, a chat call's content is written on the batch thread when its span is
 * exported. What reaches HoneyHive must be exactly what a user's SDK gets, where the same content
 * is written on the span during the call.
 */
class LateContentTest {

  private final InMemorySpanExporter ownMemory = InMemorySpanExporter.create();
  private final InMemorySpanExporter userMemory = InMemorySpanExporter.create();
  private final HoneyHiveExport export = HoneyHiveExport.create(ownMemory, "svc");
  private final OpenTelemetrySdk userSdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .setSpanLimits(
                      SpanLimits.builder()
                          .setMaxNumberOfAttributes(HoneyHiveExport.MAX_ATTRIBUTES_PER_SPAN)
                          .build())
                  .addSpanProcessor(SimpleSpanProcessor.create(userMemory))
                  .build())
          .build();
  private final HoneyHiveTracer own = tracer(export, null);
  private final HoneyHiveTracer user = tracer(null, null);
  private final ExecutorService streamingThread = Executors.newSingleThreadExecutor();

  /** A tracer on its own SDK exporting through {@code export}, or on the user SDK when null. */
  private HoneyHiveTracer tracer(HoneyHiveExport export, java.util.function.UnaryOperator<String> redactor) {
    if (export != null) {
      return OwnSdk.tracer(export, "s-1", "late", config -> config.contentRedactor = redactor);
    }
    TracerConfig config = new TracerConfig();
    config.openTelemetry = userSdk;
    config.sessionId = "s-1";
    config.project = "late";
    config.contentRedactor = redactor;
    return new HoneyHiveTracer(config);
  }

  @AfterEach
  void tearDown() {
    own.close();
    user.close();
    userSdk.close();
    streamingThread.shutdownNow();
  }

  /** Every message type and part we write: system, named user, image, tool call and result. */
  private static ChatRequest richRequest() {
    ToolSpecification weather =
        ToolSpecification.builder()
            .name("weather")
            .description("Weather for a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
            .build();
    List<ChatMessage> messages =
        List.of(
            SystemMessage.from("You are terse. password=hunter2"),
            UserMessage.from(
                "ana",
                List.of(
                    TextContent.from("What is on this \"picture\"?\n"),
                    ImageContent.from("https://example.com/cat.png"))),
            AiMessage.from(
                "Let me check.",
                List.of(
                    ToolExecutionRequest.builder()
                        .id("call_1")
                        .name("weather")
                        .arguments("{\"city\":\"Paris\"}")
                        .build())),
            ToolExecutionResultMessage.from("call_1", "weather", "18°C, sunny"),
            UserMessage.from("And in Berlin? \u0001"));
    return ChatRequest.builder()
        .messages(messages)
        .parameters(
            ChatRequestParameters.builder()
                .modelName("gpt-4o-mini")
                .temperature(0.3)
                .toolSpecifications(List.of(weather))
                .build())
        .build();
  }

  private static ChatResponse toolCallingAnswer(ChatRequest request) {
    return ChatResponse.builder()
        .aiMessage(
            AiMessage.builder()
                .text("Checking Berlin.")
                .thinking("The user wants Berlin.")
                .toolExecutionRequests(
                    List.of(
                        ToolExecutionRequest.builder()
                            .id("call_2")
                            .name("weather")
                            .arguments("{\"city\":\"Berlin\"}")
                            .build()))
                .build())
        .metadata(
            ChatResponseMetadata.builder()
                .id("resp-1")
                .modelName("gpt-4o-mini-2024-07-18")
                .tokenUsage(new TokenUsage(40, 12))
                .finishReason(FinishReason.TOOL_EXECUTION)
                .build())
        .build();
  }

  private SpanData ownSpan() {
    assertThat(own.flush()).isTrue();
    assertThat(ownMemory.getFinishedSpanItems()).hasSize(1);
    return ownMemory.getFinishedSpanItems().get(0);
  }

  private SpanData userSpan() {
    assertThat(userMemory.getFinishedSpanItems()).hasSize(1);
    return userMemory.getFinishedSpanItems().get(0);
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aBlockingCallExportsTheSameAttributesAsAUserSdkThatWritesThemDuringTheCall() {
    new FixedChatModel(ModelProvider.OPEN_AI, LateContentTest::toolCallingAnswer, own.chatModelListener())
        .chat(richRequest());
    new FixedChatModel(ModelProvider.OPEN_AI, LateContentTest::toolCallingAnswer, user.chatModelListener())
        .chat(richRequest());

    SpanData late = ownSpan();
    SpanData eager = userSpan();
    assertThat(late.getAttributes().asMap()).isEqualTo(eager.getAttributes().asMap());
    assertThat(late.getTotalAttributeCount()).isEqualTo(late.getAttributes().size());
    // The content really is there, filtered, in both spellings.
    assertThat(attribute(late, "honeyhive_inputs.chat_history.0.content"))
        .isEqualTo("You are terse. password=[REDACTED]");
    assertThat(attribute(late, "honeyhive_inputs.chat_history.3.tool_call_id")).isEqualTo("call_1");
    assertThat(attribute(late, "honeyhive_inputs.chat_history.3.name")).isEqualTo("weather");
    assertThat(attribute(late, "honeyhive_inputs.chat_history.2.tool_calls.0.function.arguments"))
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(attribute(late, "honeyhive_outputs.content")).isEqualTo("Checking Berlin.");
    assertThat(attribute(late, "honeyhive_outputs.reasoning")).isEqualTo("The user wants Berlin.");
    assertThat(attribute(late, "honeyhive_outputs.finish_reason")).isEqualTo("tool_calls");
    assertThat(attribute(late, "honeyhive_outputs.tool_calls.0.function.name")).isEqualTo("weather");
    assertThat(attribute(late, "honeyhive_outputs.tool_calls.0.type")).isEqualTo("function");
    assertThat(attribute(late, "gen_ai.system_instructions"))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"You are terse. password=[REDACTED]\"}]");
    assertThat(attribute(late, "gen_ai.input.messages"))
        .startsWith("[{\"role\":\"user\",\"name\":\"ana\",\"parts\":[{\"type\":\"text\",\"content\":"
            + "\"What is on this \\\"picture\\\"?\\n\"},{\"type\":\"uri\",\"modality\":\"image\","
            + "\"uri\":\"https://example.com/cat.png\"}]}")
        .endsWith("{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"And in Berlin? \\u0001\"}]}]");
    assertThat(attribute(late, "gen_ai.tool.definitions")).contains("\"description\":\"Weather for a city\"");
    assertThat(late.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(40L);
  }

  @Test
  void aStreamingCallExportsTheSameAttributesAsAUserSdk() throws Exception {
    for (HoneyHiveTracer tracer : List.of(own, user)) {
      CompletableFuture<ChatResponse> done = new CompletableFuture<>();
      new FixedChatModel.Streaming(streamingThread, LateContentTest::toolCallingAnswer, tracer.chatModelListener())
          .chat(richRequest(), handler(done));
      done.get(10, TimeUnit.SECONDS);
    }
    // The streaming twin calls onResponse before the handler: both spans have ended.
    SpanData late = ownSpan();
    SpanData eager = userSpan();
    assertThat(late.getAttributes().asMap()).isEqualTo(eager.getAttributes().asMap());
    assertThat(attribute(late, "honeyhive_outputs.content")).isEqualTo("Checking Berlin.");
  }

  @Test
  void aFailedCallExportsItsInputContentAndTheError() {
    Function<ChatRequest, ChatResponse> failing =
        request -> {
          throw new IllegalStateException("model down");
        };
    for (HoneyHiveTracer tracer : List.of(own, user)) {
      FixedChatModel model = new FixedChatModel(ModelProvider.OPEN_AI, failing, tracer.chatModelListener());
      assertThatThrownBy(() -> model.chat(richRequest())).hasMessage("model down");
    }

    SpanData late = ownSpan();
    SpanData eager = userSpan();
    assertThat(late.getAttributes().asMap()).isEqualTo(eager.getAttributes().asMap());
    assertThat(attribute(late, "honeyhive_inputs.chat_history.4.content")).isEqualTo("And in Berlin? \u0001");
    assertThat(attribute(late, "honeyhive_error")).isEqualTo("model down");
    assertThat(attribute(late, "honeyhive_outputs.content")).isNull();
  }

  @Test
  void theContentRedactorRunsOnceAtExportNotDuringTheCall() {
    Thread caller = Thread.currentThread();
    List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    HoneyHiveExport redactingExport = HoneyHiveExport.create(InMemorySpanExporter.create(), "svc");
    HoneyHiveTracer redacting =
        tracer(
            redactingExport,
            text -> {
              ranOn.add(Thread.currentThread());
              return text.toUpperCase(java.util.Locale.ROOT);
            });
    try {
      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, redacting.chatModelListener())
          .chat("hello");
      assertThat(ranOn).isEmpty();
      assertThat(redactingExport.lateAttributes().pending()).isEqualTo(1);

      assertThat(redacting.flush()).isTrue();
      // Once for the question, once for the answer; neither on the caller's thread.
      assertThat(ranOn).hasSize(2).doesNotContain(caller);
      assertThat(redactingExport.lateAttributes().pending()).isZero();
    } finally {
      redacting.close();
    }
  }

  @Test
  void aTextTooLongToRecordWholeIsWrittenCutDuringTheCallNotKeptUntilExport() {
    HoneyHiveExport holdingExport = HoneyHiveExport.create(ownMemory, "svc");
    HoneyHiveTracer holding = tracer(holdingExport, null);
    String huge = "x".repeat(ContentFilter.MAX_CONTENT_LENGTH + 1);
    try {
      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echoWithFixedId, holding.chatModelListener())
          .chat(huge);
      assertThat(holdingExport.lateAttributes().pending()).isZero();
      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echoWithFixedId, user.chatModelListener())
          .chat(huge);

      assertThat(holding.flush()).isTrue();
      SpanData written = ownMemory.getFinishedSpanItems().get(0);
      assertThat(written.getAttributes().asMap()).isEqualTo(userSpan().getAttributes().asMap());
      assertThat(attribute(written, "honeyhive_inputs.chat_history.0.content"))
          .hasSize(ContentFilter.MAX_CONTENT_LENGTH + "…[truncated 1 chars]".length())
          .endsWith("…[truncated 1 chars]");
    } finally {
      holding.close();
    }
  }

  @Test
  void concurrentCallsEachExportTheirOwnContent() throws Exception {
    int threads = 8;
    int callsEach = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    FixedChatModel model = new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, own.chatModelListener());
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < callsEach; i++) {
                    assertThat(model.chat("q-" + thread + "-" + i)).isEqualTo("echo: q-" + thread + "-" + i);
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(own.flush()).isTrue();
    List<SpanData> spans = ownMemory.getFinishedSpanItems();
    assertThat(spans).hasSize(threads * callsEach);
    java.util.Set<String> questions = new java.util.HashSet<>();
    for (SpanData span : spans) {
      // The response id is set during the call; the content at export: they must name the same call.
      String question = attribute(span, "gen_ai.response.id").substring("resp-".length());
      assertThat(attribute(span, "honeyhive_inputs.chat_history.0.content")).isEqualTo(question);
      assertThat(attribute(span, "honeyhive_outputs.content")).isEqualTo("echo: " + question);
      questions.add(question);
    }
    assertThat(questions).hasSize(threads * callsEach);
    assertThat(export.lateAttributes().pending()).isZero();
    assertThat(own.droppedSpans()).isZero();
  }

  @Test
  void contentOffHandsNothingToTheExport() {
    HoneyHiveExport quietExport = HoneyHiveExport.create(InMemorySpanExporter.create(), "svc");
    HoneyHiveTracer quiet = OwnSdk.tracer(quietExport, "s-1", "late", config -> config.captureContent = false);
    try {
      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, quiet.chatModelListener())
          .chat("hello");
      assertThat(quietExport.lateAttributes().pending()).isZero();
    } finally {
      quiet.close();
    }
  }

  @Test
  void closeExportsWaitingContentThenKeepsNothing() {
    List<SpanData> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
    HoneyHiveExport keeping = HoneyHiveExport.create(new KeepingExporter(kept), "svc");
    HoneyHiveTracer tracer = tracer(keeping, null);
    new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener()).chat("hi");
    assertThat(keeping.lateAttributes().pending()).isEqualTo(1);

    tracer.close();

    assertThat(keeping.lateAttributes().pending()).isZero();
    assertThat(kept).hasSize(1);
    assertThat(attribute(kept.get(0), "honeyhive_outputs.content")).isEqualTo("echo: hi");
    assertThat(attribute(kept.get(0), "honeyhive_inputs.chat_history.0.content")).isEqualTo("hi");
  }

  /** Keeps what it exports past shutdown (the SDK's in-memory exporter clears itself). */
  private static final class KeepingExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
    private final List<SpanData> kept;

    KeepingExporter(List<SpanData> kept) {
      this.kept = kept;
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<SpanData> spans) {
      kept.addAll(spans);
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode flush() {
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }
  }

  private static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> done) {
    return new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {}

      @Override
      public void onCompleteResponse(ChatResponse completeResponse) {
        done.complete(completeResponse);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    };
  }
}
