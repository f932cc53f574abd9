package ai.honeyhive.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import ai.honeyhive.langchain4j.internal.providers.ProviderNames;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The listener against an in-process model: parameters, odd metadata, faults, concurrency. */
class ListenerEdgeCasesTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private HoneyHiveTracer tracer;
  private ExecutorService streamingThreads;

  @BeforeEach
  void setUp() {
    tracer = tracer(true);
    streamingThreads = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void tearDown() {
    streamingThreads.shutdownNow();
    tracer.close();
  }

  private static HoneyHiveTracer tracer(boolean captureContent) {
    return HoneyHiveTracer.builder()
        .openTelemetry(otel.getOpenTelemetry())
        .project("edge")
        .sessionId("sess-edge")
        .captureContent(captureContent)
        .environment(name -> null)
        .build();
  }

  private static ChatResponse answer(AiMessage message, ChatResponseMetadata metadata) {
    return ChatResponse.builder().aiMessage(message).metadata(metadata).build();
  }

  private static SpanData onlySpan() {
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void everySetRequestParameterIsRecordedWithItsSemconvKey() {
    ChatRequestParameters parameters =
        ChatRequestParameters.builder()
            .modelName("claude-sonnet-4-5")
            .temperature(0.7)
            .topP(0.9)
            .topK(40)
            .maxOutputTokens(256)
            .frequencyPenalty(0.1)
            .presencePenalty(0.2)
            .stopSequences(List.of("END", "STOP"))
            .responseFormat(ResponseFormat.JSON)
            .build();
    new FixedChatModel(ModelProvider.ANTHROPIC, FixedChatModel::echo, tracer.chatModelListener())
        .chat(ChatRequest.builder().messages(UserMessage.from("hi")).parameters(parameters).build());

    assertThat(onlySpan())
        .hasName("chat claude-sonnet-4-5")
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "anthropic"),
            equalTo(AttributeKey.stringKey("gen_ai.request.model"), "claude-sonnet-4-5"),
            equalTo(AttributeKey.doubleKey("gen_ai.request.temperature"), 0.7),
            equalTo(AttributeKey.doubleKey("gen_ai.request.top_p"), 0.9),
            equalTo(AttributeKey.doubleKey("gen_ai.request.top_k"), 40.0),
            equalTo(AttributeKey.longKey("gen_ai.request.max_tokens"), 256L),
            equalTo(AttributeKey.doubleKey("gen_ai.request.frequency_penalty"), 0.1),
            equalTo(AttributeKey.doubleKey("gen_ai.request.presence_penalty"), 0.2),
            equalTo(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"), List.of("END", "STOP")),
            equalTo(AttributeKey.stringKey("gen_ai.output.type"), "json"));
  }

  @Test
  void openAiSeedAndMaxCompletionTokensAreRecorded() {
    OpenAiChatRequestParameters parameters =
        OpenAiChatRequestParameters.builder()
            .modelName("gpt-4o-mini")
            .seed(42)
            .maxCompletionTokens(300)
            .build();
    new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener())
        .chat(ChatRequest.builder().messages(UserMessage.from("hi")).parameters(parameters).build());

    assertThat(onlySpan())
        .hasAttributesSatisfying(
            equalTo(AttributeKey.longKey("gen_ai.request.seed"), 42L),
            equalTo(AttributeKey.longKey("gen_ai.request.max_tokens"), 300L));
  }

  @Test
  void nullTokenUsageAndNullModelNamesStillGiveAnEndedSpan() {
    ChatResponse response =
        new FixedChatModel(
                ModelProvider.OTHER,
                request ->
                    answer(
                        AiMessage.from("ok"),
                        ChatResponseMetadata.builder().finishReason(FinishReason.STOP).build()),
                tracer.chatModelListener())
            .chat(ChatRequest.builder().messages(UserMessage.from("hi")).build());

    assertThat(response.aiMessage().text()).isEqualTo("ok");
    SpanData span = onlySpan();
    assertThat(span).hasName("chat").hasEnded();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.provider.name"), "other"),
            equalTo(
                AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop")));
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void tokenUsageWithOnlyInputCountRecordsOnlyInput() {
    new FixedChatModel(
            ModelProvider.OTHER,
            request ->
                answer(
                    AiMessage.from("ok"),
                    ChatResponseMetadata.builder().tokenUsage(new TokenUsage(12)).build()),
            tracer.chatModelListener())
        .chat(ChatRequest.builder().messages(UserMessage.from("hi")).build());

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isNull();
  }

  @Test
  void emptyMessagesAndAnEmptyAnswerRecordEmptyContentWithoutFailing() {
    ChatModelListener listener = tracer.chatModelListener();
    ChatRequest empty =
        new EmptyChatRequest(ChatRequest.builder().messages(UserMessage.from("placeholder")).build());
    Map<Object, Object> attributes = new ConcurrentHashMap<>();
    listener.onRequest(new ChatModelRequestContext(empty, ModelProvider.OTHER, attributes));
    listener.onResponse(
        new ChatModelResponseContext(
            answer(AiMessage.builder().build(), ChatResponseMetadata.builder().build()),
            empty,
            ModelProvider.OTHER,
            attributes));

    SpanData span = onlySpan();
    assertThat(span).hasEnded();
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_outputs.role"), "assistant"),
            equalTo(
                AttributeKey.stringKey("gen_ai.output.messages"),
                "[{\"role\":\"assistant\",\"parts\":[]}]"));
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  /** LangChain4j forbids empty messages; a subclass lets us check we would cope anyway. */
  private static final class EmptyChatRequest extends ChatRequest {
    EmptyChatRequest(ChatRequest template) {
      super(new ChatRequest.Builder(template));
    }

    @Override
    public List<ChatMessage> messages() {
      return List.of();
    }
  }

  @Test
  void responseWithoutAMatchingRequestIsIgnored() {
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
    tracer
        .chatModelListener()
        .onResponse(
            new ChatModelResponseContext(
                FixedChatModel.echo(request), request, ModelProvider.OTHER, new ConcurrentHashMap<>()));

    assertThat(otel.getSpans()).isEmpty();
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void aFaultInOurCodeNeverReachesTheCallerAndIsLoggedOnce() {
    OpenTelemetry broken =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return TracerProvider.noop();
          }

          @Override
          public io.opentelemetry.api.trace.TracerBuilder tracerBuilder(String name) {
            return new io.opentelemetry.api.trace.TracerBuilder() {
              @Override
              public io.opentelemetry.api.trace.TracerBuilder setSchemaUrl(String url) {
                return this;
              }

              @Override
              public io.opentelemetry.api.trace.TracerBuilder setInstrumentationVersion(String v) {
                return this;
              }

              @Override
              public io.opentelemetry.api.trace.Tracer build() {
                return spanName -> {
                  throw new IllegalStateException("broken span builder");
                };
              }
            };
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    try (LogCapture logs = LogCapture.start();
        HoneyHiveTracer brokenTracer =
            HoneyHiveTracer.builder().openTelemetry(broken).environment(name -> null).build()) {
      FixedChatModel model =
          new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, brokenTracer.chatModelListener());

      for (int i = 0; i < 3; i++) {
        assertThat(model.chat("call " + i)).isEqualTo("echo: call " + i);
      }

      assertThat(TracerProbe.internalFailureCount(brokenTracer)).isEqualTo(3);
      assertThat(logs.atLeast(Level.WARNING))
          .filteredOn(r -> r.getLoggerName().equals(HoneyHiveTracer.class.getName()))
          .hasSize(1)
          .first()
          .satisfies(r -> assertThat(r.getThrown()).hasMessage("broken span builder"));
    }
  }

  @Test
  void aFaultWhileReadingTheResponseStillEndsTheSpanAndReturnsTheAnswer() {
    ChatResponseMetadata exploding =
        new ChatResponseMetadata(ChatResponseMetadata.builder().id("x")) {
          @Override
          public TokenUsage tokenUsage() {
            throw new IllegalStateException("provider bug");
          }
        };
    ChatResponse response =
        new FixedChatModel(
                ModelProvider.OPEN_AI,
                request -> answer(AiMessage.from("fine"), exploding),
                tracer.chatModelListener())
            .chat(ChatRequest.builder().messages(UserMessage.from("hi")).build());

    assertThat(response.aiMessage().text()).isEqualTo("fine");
    assertThat(onlySpan()).hasEnded();
    assertThat(TracerProbe.internalFailureCount(tracer)).isEqualTo(1);
  }

  @Test
  void streamingAnswerOnAnotherThreadEndsTheSpanOnceAndLeavesTheCallerContextClean() {
    FixedChatModel.Streaming model =
        new FixedChatModel.Streaming(streamingThreads, FixedChatModel::echo, tracer.chatModelListener());

    ChatResponse response =
        TestModels.chat(
            model,
            ChatRequest.builder()
                .messages(UserMessage.from("stream me"))
                .parameters(ChatRequestParameters.builder().modelName("m").build())
                .build());

    assertThat(response.aiMessage().text()).isEqualTo("echo: stream me");
    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(onlySpan())
        .hasName("chat m")
        .hasEnded()
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_outputs.content"), "echo: stream me"));
  }

  @Test
  void hugeAndOddUnicodeContentIsRecordedIntact() {
    String huge = "x".repeat(1_000_000);
    String odd = "emoji \uD83D\uDE00, lone surrogate \uD800, nul \u0000, quote \" and \\";
    new FixedChatModel(ModelProvider.OTHER, FixedChatModel::echo, tracer.chatModelListener())
        .chat(UserMessage.from(huge), AiMessage.from("ok"), UserMessage.from(odd));

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.chat_history.0.content")))
        .hasSize(1_000_000);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.chat_history.2.content")))
        .isEqualTo(odd);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
        .contains("\\u0000", "\\\"");
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @ParameterizedTest
  @EnumSource(ModelProvider.class)
  void everyLangChain4jProviderMapsToANonBlankName(ModelProvider provider) {
    assertThat(ProviderNames.of(provider)).isNotBlank().isLowerCase();
  }

  @SuppressWarnings("deprecation") // AZURE_OPEN_AI: still what older LangChain4j releases report
  @Test
  void wellKnownProvidersUseTheSemconvValues() {
    assertThat(ProviderNames.of(ModelProvider.OPEN_AI)).isEqualTo("openai");
    assertThat(ProviderNames.of(ModelProvider.AZURE_OPEN_AI)).isEqualTo("azure.ai.openai");
    assertThat(ProviderNames.of(ModelProvider.ANTHROPIC)).isEqualTo("anthropic");
    assertThat(ProviderNames.of(ModelProvider.AMAZON_BEDROCK)).isEqualTo("aws.bedrock");
    assertThat(ProviderNames.of(ModelProvider.GOOGLE_AI_GEMINI)).isEqualTo("gcp.gemini");
    assertThat(ProviderNames.of(ModelProvider.GOOGLE_VERTEX_AI_GEMINI)).isEqualTo("gcp.vertex_ai");
    assertThat(ProviderNames.of(ModelProvider.MISTRAL_AI)).isEqualTo("mistral_ai");
    assertThat(ProviderNames.of(ModelProvider.OLLAMA)).isEqualTo("ollama");
    assertThat(ProviderNames.of(ModelProvider.WATSONX)).isEqualTo("ibm.watsonx.ai");
    assertThat(ProviderNames.of(null)).isEqualTo("unknown");
  }

  @Test
  void hundredConcurrentCallsGiveHundredSeparateCorrectSpans() throws Exception {
    FixedChatModel blocking =
        new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener());
    FixedChatModel.Streaming streaming =
        new FixedChatModel.Streaming(streamingThreads, FixedChatModel::echo, tracer.chatModelListener());
    ExecutorService callers = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String user = "user-" + i;
      boolean stream = i % 2 == 1;
      answers.add(
          callers.submit(
              () -> {
                start.await();
                ChatRequest request =
                    ChatRequest.builder()
                        .messages(UserMessage.from(user))
                        .parameters(ChatRequestParameters.builder().modelName("m").build())
                        .build();
                return stream
                    ? TestModels.chat(streaming, request).aiMessage().text()
                    : blocking.chat(request).aiMessage().text();
              }));
    }
    start.countDown();
    for (int i = 0; i < 100; i++) {
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("echo: user-" + i);
    }
    callers.shutdown();

    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(100);
    Set<String> users = new HashSet<>();
    Set<String> traceIds = new HashSet<>();
    for (SpanData span : spans) {
      assertThat(span).hasEnded().hasNoParent();
      String user = span.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.chat_history.0.content"));
      assertThat(span)
          .hasAttributesSatisfying(
              equalTo(AttributeKey.stringKey("gen_ai.response.id"), "resp-" + user),
              equalTo(AttributeKey.stringKey("honeyhive_outputs.content"), "echo: " + user));
      users.add(user);
      traceIds.add(span.getTraceId());
    }
    assertThat(users).hasSize(100);
    assertThat(traceIds).hasSize(100);
  }

  @Test
  void oneListenerOverManyModelsNamesEachSpanAfterItsOwnModelAndFinishReason() {
    ChatModelListener listener = tracer.chatModelListener();
    String[] models = {"gpt-4o-mini", "gpt-4o-mini", "gpt-4.1", "gpt-4o-mini", "o3"};
    FinishReason[] reasons = {
      FinishReason.STOP, FinishReason.LENGTH, FinishReason.TOOL_EXECUTION, FinishReason.STOP,
      FinishReason.CONTENT_FILTER
    };
    for (int i = 0; i < models.length; i++) {
      FinishReason reason = reasons[i];
      new FixedChatModel(
              ModelProvider.OPEN_AI,
              request ->
                  answer(
                      AiMessage.from("ok"),
                      ChatResponseMetadata.builder().finishReason(reason).build()),
              listener)
          .chat(
              ChatRequest.builder()
                  .messages(UserMessage.from("hi " + i))
                  .parameters(ChatRequestParameters.builder().modelName(models[i]).build())
                  .build());
    }

    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(5);
    List<String> names = new ArrayList<>();
    List<List<String>> finishReasons = new ArrayList<>();
    for (SpanData span : spans) {
      names.add(span.getName());
      finishReasons.add(span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
    }
    org.assertj.core.api.Assertions.assertThat(names)
        .containsExactly("chat gpt-4o-mini", "chat gpt-4o-mini", "chat gpt-4.1", "chat gpt-4o-mini", "chat o3");
    org.assertj.core.api.Assertions.assertThat(finishReasons)
        .containsExactly(
            List.of("stop"), List.of("length"), List.of("tool_calls"), List.of("stop"), List.of("content_filter"));
  }
}
