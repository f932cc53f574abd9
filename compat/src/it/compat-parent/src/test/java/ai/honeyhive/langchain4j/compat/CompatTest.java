package ai.honeyhive.langchain4j.compat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One application, one LangChain4j release: what docs/compatibility.md promises that release, this
 * checks on real LangChain4j OpenAI models against recorded responses. Written against LangChain4j
 * 1.0.0's API, so that it compiles against every release of the matrix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatTest {

  static final String MODEL = "gpt-4o-mini";
  static final String VERSION = System.getProperty("compat.langchain4j.version");
  static final String LOGGER = HoneyHiveTracer.class.getName();

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory(System.getProperty("compat.wiremock.root")))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static CompatibilityTable table;
  /** Held: the log manager keeps loggers only weakly, and with them our handler. */
  static final Logger libraryLogger = Logger.getLogger(LOGGER);
  static final List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeAll
  static void setUp() throws Exception {
    table = CompatibilityTable.read(System.getProperty("compat.table"));
    libraryLogger.addHandler(capture);
  }

  @AfterAll
  static void tearDown() {
    libraryLogger.removeHandler(capture);
  }

  interface Assistant {
    String chat(String message);
  }

  static final class WeatherTools {
    @Tool(name = "get_weather", value = "Current weather in a city")
    String getWeather(@P("city") String city, @P("unit") String unit) {
      return "18 degrees " + unit + ", sunny in " + city;
    }
  }

  HoneyHiveTracer tracer() {
    return HoneyHiveTracer.builder().openTelemetry(otel.getOpenTelemetry()).project("compat").build();
  }

  ChatModel blocking(HoneyHiveTracer tracer) {
    return OpenAiChatModel.builder()
        .baseUrl(openAi.baseUrl() + "/v1")
        .apiKey("sk-test-not-a-real-key")
        .modelName(MODEL)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(tracer.chatModelListener()))
        .build();
  }

  @Test
  @Order(1)
  void theApplicationRunsTheReleasesItDeclared() throws Exception {
    assertThat(mavenVersion("dev.langchain4j", "langchain4j-core")).isEqualTo(VERSION);
    assertThat(mavenVersion("dev.langchain4j", "langchain4j")).isEqualTo(VERSION);
    // Jackson is LangChain4j's: ours is provided, whichever order the application declares us in.
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo(System.getProperty("compat.jackson.version"));
    assertThat(io.opentelemetry.sdk.trace.SdkTracerProvider.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("compat.opentelemetry.version"));
  }

  @Test
  @Order(1)
  void frameworksCanReadThePublicTypesByReflection() throws Exception {
    // Spring, CDI and Micronaut read every declared method of a bean's class; a signature naming a
    // LangChain4j type newer than the application's would fail them with NoClassDefFoundError.
    List<Class<?>> types =
        new ArrayList<>(
            List.of(
                HoneyHiveTracer.class,
                ai.honeyhive.langchain4j.HoneyHiveTracerBuilder.class,
                EnrichmentContext.class,
                ai.honeyhive.langchain4j.EventType.class,
                ai.honeyhive.langchain4j.HoneyHiveTrace.class,
                ai.honeyhive.langchain4j.experiments.Experiment.class,
                ai.honeyhive.langchain4j.experiments.Experiment.Builder.class,
                ai.honeyhive.langchain4j.experiments.Dataset.class,
                ai.honeyhive.langchain4j.experiments.Datapoint.class,
                ai.honeyhive.langchain4j.experiments.Evaluator.class,
                ai.honeyhive.langchain4j.experiments.ExperimentFunction.class,
                ai.honeyhive.langchain4j.experiments.LlmJudge.class,
                ai.honeyhive.langchain4j.experiments.LlmJudge.Builder.class,
                ai.honeyhive.langchain4j.experiments.ExperimentResult.class,
                ai.honeyhive.langchain4j.experiments.ExperimentResult.Row.class,
                ai.honeyhive.langchain4j.experiments.ExperimentComparison.class));
    // An optional module's entry point names that module's types: readable wherever the module is.
    if (table.promises("rag", VERSION)) {
      types.add(ai.honeyhive.langchain4j.rag.RagTelemetry.class);
    }
    if (table.promises("moderation", VERSION)) {
      types.add(ai.honeyhive.langchain4j.rag.ModerationTelemetry.class);
    }
    if (present("dev.langchain4j.agentic.observability.AgentListener")) {
      types.add(ai.honeyhive.langchain4j.agentic.AgentTelemetry.class);
    }
    if (present("dev.langchain4j.mcp.client.McpClientListener")) {
      types.add(ai.honeyhive.langchain4j.mcp.McpTelemetry.class);
    }
    for (Class<?> type : types) {
      assertThat(type.getDeclaredMethods()).as(type.getName()).isNotEmpty();
      assertThat(type.getDeclaredFields()).as(type.getName()).isNotNull();
    }
  }

  @Test
  @Order(1)
  void anEntryPointWhoseModuleIsMissingSaysWhatToAdd() {
    HoneyHiveTracer tracer = tracer();
    if (!table.promises("rag", VERSION)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ai.honeyhive.langchain4j.rag.RagTelemetry.create(tracer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("LangChain4j 1.11 or later");
    } else {
      // Not the listener itself: this source compiles against releases without its type.
      assertThat(ai.honeyhive.langchain4j.rag.RagTelemetry.create(tracer)).isSameAs(ai.honeyhive.langchain4j.rag.RagTelemetry.create(tracer));
    }
    if (!present("dev.langchain4j.agentic.observability.AgentListener")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ai.honeyhive.langchain4j.agentic.AgentTelemetry.create(tracer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("langchain4j-agentic");
    }
    if (!present("dev.langchain4j.mcp.client.McpClientListener")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ai.honeyhive.langchain4j.mcp.McpTelemetry.create(tracer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("langchain4j-mcp");
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, CompatTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  @Order(2)
  void aBlockingCallGetsItsChatSpan() {
    HoneyHiveTracer tracer = tracer();
    ChatResponse response =
        blocking(tracer).chat(ChatRequest.builder().messages(UserMessage.from("What is the capital of France?")).build());

    assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
    assertThat(table.promises("chat", VERSION)).isTrue();
    SpanData span = only();
    assertThat(span.getName()).isEqualTo("chat " + MODEL);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_event_type"))).isEqualTo("model");
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(24L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.content")))
        .isEqualTo("The capital of France is Paris.");
  }

  @Test
  @Order(2)
  void anExperimentRunsLocallyWithItsIdsOnEverySpan() {
    assertThat(table.promises("experiments", VERSION)).isTrue();
    HoneyHiveTracer tracer = tracer();
    ChatModel model = blocking(tracer);
    ai.honeyhive.langchain4j.experiments.ExperimentResult result =
        ai.honeyhive.langchain4j.experiments.Experiment.builder(tracer)
            .name("compat")
            .dataset(
                ai.honeyhive.langchain4j.experiments.Dataset.of(
                    ai.honeyhive.langchain4j.experiments.Datapoint.of(
                        java.util.Map.of("question", "What is the capital of France?"), java.util.Map.of("answer", "Paris"))))
            .function((inputs, groundTruth) -> model.chat((String) inputs.get("question")))
            .evaluator("contains_answer", (outputs, inputs, groundTruth) -> outputs.toString().contains("Paris"))
            // The library's recorded judge answer (mappings/openai-judge.json): score 1 with an explanation.
            .evaluator(ai.honeyhive.langchain4j.experiments.LlmJudge.builder(model).name("judge").build())
            .output(null)
            .build()
            .run();
    assertThat(result.rows()).hasSize(1);
    assertThat(result.rows().get(0).metrics()).containsEntry("contains_answer", true);
    assertThat(result.rows().get(0).evaluatorErrors()).isEmpty();
    assertThat(result.rows().get(0).metrics()).containsEntry("judge", 1L).containsKey("judge_explanation");
    assertThat(otel.getSpans()).hasSize(5).allSatisfy(span ->
        assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_metadata.run_id"))).isEqualTo(result.runId()));
  }

  @Test
  @Order(3)
  void aDecoratedStreamingCallGetsItsChatSpanWithTimeToFirstChunk() throws Exception {
    HoneyHiveTracer tracer = tracer();
    StreamingChatModel model =
        tracer.decorate(
            OpenAiStreamingChatModel.builder()
                .baseUrl(openAi.baseUrl() + "/v1")
                .apiKey("sk-test-not-a-real-key")
                .modelName(MODEL)
                .timeout(Duration.ofSeconds(10))
                .listeners(List.of(tracer.chatModelListener()))
                .build());
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        ChatRequest.builder().messages(UserMessage.from("Hello")).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    done.get(20, TimeUnit.SECONDS);

    assertThat(table.promises("streaming", VERSION)).isTrue();
    SpanData span = awaitSpans(1).get(0);
    assertThat(span.getName()).isEqualTo("chat " + MODEL);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isPositive();
  }

  @Test
  @Order(4)
  void anAiServiceCallIsTheParentOfItsModelCallsAndTools() {
    HoneyHiveTracer tracer = tracer();
    AiServices<Assistant> builder =
        AiServices.builder(Assistant.class).chatModel(blocking(tracer)).tools(new WeatherTools());
    Assistant assistant = tracer.decorate(Assistant.class, tracer.configure(builder).build());
    EnrichmentContext enrichment =
        EnrichmentContext.builder().userProperty("user_id", "u-7").metadata("feature", "weather").build();

    String answer;
    try (Scope ignored = enrichment.makeCurrent()) {
      answer = assistant.chat("What is the weather in Paris?");
    }

    assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");
    List<SpanData> spans = sortedByStart(otel.getSpans());
    assertThat(spans).extracting(SpanData::getName)
        .containsExactly("invoke_agent Assistant.chat", "chat " + MODEL, "execute_tool get_weather", "chat " + MODEL);
    SpanData service = spans.get(0);
    assertThat(service.getParentSpanContext().isValid()).isFalse();
    assertThat(service.getAttributes().get(AttributeKey.stringKey("honeyhive_event_type"))).isEqualTo("chain");
    for (SpanData child : spans.subList(1, 4)) {
      assertThat(child.getParentSpanId()).as(child.getName()).isEqualTo(service.getSpanId());
    }

    SpanData tool = spans.get(2);
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("get_weather");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
        .isEqualTo("call_Xq3mZbV8Lr2TnK9sW4yHdF1c");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.city"))).isEqualTo("Paris");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.result")))
        .isEqualTo("18 degrees celsius, sunny in Paris");
    // The tool ran between the two model calls.
    assertThat(tool.getStartEpochNanos()).isGreaterThanOrEqualTo(spans.get(1).getEndEpochNanos());
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(spans.get(3).getStartEpochNanos());
    String source = tool.getAttributes().get(AttributeKey.stringKey("honeyhive_metadata.tool_span_source"));
    if (table.promises("tools", VERSION)) {
      assertThat(source).as("tool span from LangChain4j's tool hooks").isNull();
    } else {
      assertThat(table.promises("tools-from-conversation", VERSION)).isTrue();
      assertThat(source).as("tool span rebuilt from the conversation").isEqualTo("conversation");
    }

    // Enrichment current at the call reaches every span of it.
    assertThat(table.promises("enrichment", VERSION)).isTrue();
    for (SpanData span : spans) {
      assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_user_properties.user_id")))
          .as(span.getName()).isEqualTo("u-7");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_metadata.feature")))
          .as(span.getName()).isEqualTo("weather");
    }
  }

  @Test
  @Order(5)
  void theTracersOwnExportReachesHoneyHive() {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(200)));
    // HoneyHive answers with the id it was sent (another id would be a WARNING).
    honeyHive.stubFor(
        post("/session/start")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"session_id\":\"{{jsonPath request.body '$.session.session_id'}}\"}")
                    .withTransformers("response-template")));
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
    HoneyHiveTracer tracer =
        HoneyHiveTracer.builder()
            .apiKey("hh-compat-key")
            .project("compat")
            .source("ci")
            .serverUrl(honeyHive.baseUrl())
            .allowPlainHttp(true)
            .build();
    try {
      ChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(openAi.baseUrl() + "/v1")
              .apiKey("sk-test-not-a-real-key")
              .modelName(MODEL)
              .maxRetries(0)
              .listeners(List.of(tracer.chatModelListener()))
              .build();
      model.chat(ChatRequest.builder().messages(UserMessage.from("What is the capital of France?")).build());
      tracer.enrichSession(EnrichmentContext.builder().metadata("release", VERSION).build());

      assertThat(tracer.flush()).isTrue();
    } finally {
      tracer.close();
    }
    assertThat(table.promises("export", VERSION)).isTrue();
    honeyHive.verify(
        postRequestedFor(urlEqualTo("/session/start"))
            .withHeader("Authorization", equalTo("Bearer hh-compat-key"))
            .withRequestBody(containing("\"project\":\"compat\"")));
    honeyHive.verify(
        postRequestedFor(urlEqualTo("/opentelemetry/v1/traces"))
            .withHeader("Content-Type", equalTo("application/x-protobuf"))
            .withRequestBody(containing("chat " + MODEL)));
    honeyHive.verify(putRequestedFor(urlEqualTo("/events")).withRequestBody(containing("\"release\":\"" + VERSION + "\"")));
  }

  @Test
  @Order(6)
  void nothingWentWrongAndOneInfoLineSaidWhatIsOff() {
    List<String> problems =
        logged.stream()
            .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
            .map(r -> r.getMessage() + (r.getThrown() == null ? "" : ": " + r.getThrown()))
            .collect(Collectors.toList());
    assertThat(problems).isEmpty();
    List<String> info =
        logged.stream()
            .filter(r -> r.getLevel() == Level.INFO && r.getMessage().contains("lacks APIs"))
            .map(LogRecord::getMessage)
            .collect(Collectors.toList());
    boolean everythingOn = table.promises("tools", VERSION) && table.promises("rag", VERSION)
        && table.promises("moderation", VERSION) && table.promises("tool-schema", VERSION)
        && table.promises("guardrails", VERSION) && table.promises("tool-threads", VERSION);
    if (everythingOn) {
      assertThat(info).isEmpty();
    } else {
      assertThat(info).hasSize(1);
      assertThat(info.get(0)).contains("LangChain4j " + VERSION);
    }
  }

  private static SpanData only() {
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static List<SpanData> awaitSpans(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (otel.getSpans().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(otel.getSpans()).hasSize(count);
    return otel.getSpans();
  }

  private static List<SpanData> sortedByStart(List<SpanData> spans) {
    List<SpanData> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    return sorted;
  }

  private static String mavenVersion(String group, String artifact) throws Exception {
    String path = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = CompatTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }
}
