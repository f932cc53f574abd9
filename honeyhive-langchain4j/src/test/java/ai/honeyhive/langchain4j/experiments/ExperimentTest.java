package ai.honeyhive.langchain4j.experiments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.TestEnvironment;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveApi;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole experiments against a WireMock stand-in for HoneyHive (exact REST bodies, in order) and a
 * WireMock stand-in for OpenAI serving the recorded chat completion to the real OpenAiChatModel,
 * for the function and for the judge; spans in the in-memory SDK.
 */
class ExperimentTest {

  private static final String API_KEY = "hh-exp-key-8d41";
  private static final String RUN = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final List<HoneyHiveTracer> tracers = new ArrayList<>();

  @AfterEach
  void closeTracers() {
    tracers.forEach(HoneyHiveTracer::close);
  }

  private HoneyHiveTracer tracer(String serverUrl) {
    HoneyHiveTracer tracer =
        TestEnvironment.builderWithoutEnvironment()
            .openTelemetry(otel.getOpenTelemetry())
            .apiKey(API_KEY)
            .project("exp-project")
            .source("ci")
            .serverUrl(serverUrl)
            .build();
    // Short retries: the fault tests wait for them.
    TracerAccess.instrumentation(tracer).api.timing(Duration.ofSeconds(2), Duration.ofMillis(10));
    tracers.add(tracer);
    return tracer;
  }

  private static ChatModel model(HoneyHiveTracer tracer) {
    return OpenAiChatModel.builder()
        .baseUrl(openAi.baseUrl() + "/v1")
        .apiKey("sk-test-not-a-real-key")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(tracer.chatModelListener()))
        .build();
  }

  private static Dataset capitals() {
    return Dataset.of(
        Datapoint.of(Map.of("question", "What is the capital of France?"), Map.of("answer", "Paris")),
        Datapoint.of(Map.of("question", "What is the capital of Germany?"), Map.of("answer", "Berlin")),
        Datapoint.of(Map.of("question", "Which city is the French capital?"), Map.of("answer", "Paris")));
  }

  private static void stubHoneyHive() {
    honeyHive.stubFor(post("/v1/runs").willReturn(okJson("{\"run_id\": \"" + RUN + "\", \"evaluation\": {\"run_id\": \"" + RUN + "\"}}")));
    honeyHive.stubFor(post("/session/start").willReturn(okJson("{\"session_id\": \"ignored\"}")));
    honeyHive.stubFor(put("/events").willReturn(okJson("{\"success\": true}")));
    honeyHive.stubFor(put("/v1/runs/" + RUN).willReturn(okJson("{\"evaluation\": {}, \"warning\": null}")));
    honeyHive.stubFor(
        get("/v1/runs/" + RUN + "/result?aggregate_function=average")
            .willReturn(
                okJson(
                    "{\"status\": \"completed\", \"success\": true, \"passed\": [\"a\", \"b\"], \"failed\": [\"c\"],"
                        + " \"metrics\": {\"aggregation_function\": \"average\", \"details\": ["
                        + "{\"metric_name\": \"contains_answer\", \"aggregate\": 0.6667},"
                        + "{\"metric_name\": \"correctness\", \"aggregate\": 1}]}, \"datapoints\": []}")));
  }

  private static Experiment.Builder capitalsExperiment(HoneyHiveTracer tracer, PrintStream out) {
    ChatModel model = model(tracer);
    return Experiment.builder(tracer)
        .name("capitals")
        .dataset(capitals())
        .function("answer", (inputs, groundTruth) -> model.chat((String) inputs.get("question")))
        .evaluator("contains_answer", (outputs, inputs, gt) -> outputs.toString().contains((String) gt.get("answer")))
        .evaluator(LlmJudge.builder(model).name("correctness").rubric("1 if the output names the ground-truth city, else 0").build())
        .maxConcurrency(2)
        .output(out);
  }

  /** HoneyHive's requests in arrival order, without the tracer's own session start. */
  private static List<ServeEvent> requests(HoneyHiveTracer tracer) {
    List<ServeEvent> events = new ArrayList<>(honeyHive.getAllServeEvents());
    Collections.reverse(events);
    return events.stream()
        .filter(e -> !e.getRequest().getBodyAsString().contains(tracer.sessionId()))
        .collect(Collectors.toList());
  }

  private static Map<String, Object> body(ServeEvent e) throws Exception {
    return JSON.readValue(e.getRequest().getBodyAsString(), new TypeReference<Map<String, Object>>() {});
  }

  private static String line(ServeEvent e) {
    return e.getRequest().getMethod() + " " + e.getRequest().getUrl();
  }

  @Test
  void wholeRunSendsThePythonSdkBodiesInOrder() throws Exception {
    stubHoneyHive();
    HoneyHiveTracer tracer = tracer(honeyHive.baseUrl());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExperimentResult result = capitalsExperiment(tracer, new PrintStream(printed, true, StandardCharsets.UTF_8)).build().run();

    assertThat(result.runId()).isEqualTo(RUN);
    Dataset dataset = capitals();
    List<String> datapointIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      datapointIds.add(ExternalIds.datapointId(dataset.datapoints().get(i), i));
    }
    assertThat(result.rows()).extracting(ExperimentResult.Row::datapointId).isEqualTo(datapointIds);
    List<String> sessionIds = result.rows().stream().map(ExperimentResult.Row::sessionId).collect(Collectors.toList());

    List<ServeEvent> requests = requests(tracer);
    assertThat(requests).extracting(ExperimentTest::line)
        .containsExactly(
            "POST /v1/runs",
            "POST /session/start", "POST /session/start", "POST /session/start",
            "PUT /events", "PUT /events", "PUT /events",
            "PUT /v1/runs/" + RUN,
            "GET /v1/runs/" + RUN + "/result?aggregate_function=average");
    for (ServeEvent e : requests) {
      assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + API_KEY);
    }

    // POST /v1/runs: pending, no event ids yet, the local dataset's id in metadata, not dataset_id.
    Map<String, Object> create = body(requests.get(0));
    String sentRunId = (String) create.get("run_id");
    assertThat(sentRunId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    Map<String, Object> expectedCreate = new LinkedHashMap<>();
    expectedCreate.put("run_id", sentRunId);
    expectedCreate.put("name", "capitals");
    expectedCreate.put("status", "pending");
    expectedCreate.put("metadata", Map.of("offline_dataset_id", dataset.id()));
    expectedCreate.put("event_ids", List.of());
    expectedCreate.put(
        "configuration",
        Map.of("function", "answer", "evaluators", List.of("contains_answer", "correctness"), "max_workers", 2, "aggregate_function", "average"));
    expectedCreate.put("datapoint_ids", datapointIds);
    assertThat(create).isEqualTo(expectedCreate);
    assertThat(new ArrayList<>(create.keySet())).containsExactlyElementsOf(expectedCreate.keySet());

    // POST /session/start per datapoint (any order: they run concurrently).
    List<Map<String, Object>> starts = new ArrayList<>();
    for (ServeEvent e : requests.subList(1, 4)) {
      starts.add(body(e));
    }
    List<Map<String, Object>> expectedStarts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<String, Object> session = new LinkedHashMap<>();
      session.put("project", "exp-project");
      session.put("session_name", "capitals");
      session.put("source", "evaluation");
      session.put("session_id", sessionIds.get(i));
      session.put("inputs", dataset.datapoints().get(i).inputs());
      session.put("metadata", Map.of("run_id", RUN, "dataset_id", dataset.id(), "datapoint_id", datapointIds.get(i)));
      expectedStarts.add(Map.of("session", session));
    }
    assertThat(starts).containsExactlyInAnyOrderElementsOf(expectedStarts);

    // PUT /events per session, in dataset order: outputs and the ground truth as feedback.
    for (int i = 0; i < 3; i++) {
      assertThat(body(requests.get(4 + i)))
          .isEqualTo(
              Map.of(
                  "event_id", sessionIds.get(i),
                  "feedback", Map.of("ground_truth", dataset.datapoints().get(i).groundTruth()),
                  "outputs", Map.of("result", "The capital of France is Paris.")));
    }

    // PUT /v1/runs/{run_id}: completed, with the sessions.
    Map<String, Object> complete = body(requests.get(7));
    Map<String, Object> expectedComplete = new LinkedHashMap<>();
    expectedComplete.put("name", "capitals");
    expectedComplete.put("status", "completed");
    expectedComplete.put("metadata", Map.of("offline_dataset_id", dataset.id()));
    expectedComplete.put("event_ids", sessionIds);
    assertThat(complete).isEqualTo(expectedComplete);
    assertThat(requests.get(8).getRequest().getBodyAsString()).isEmpty();

    // The local scores and HoneyHive's aggregates, in the result and the printed table.
    assertThat(result.mean("contains_answer")).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.passRate("contains_answer")).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.mean("correctness")).isEqualTo(1.0);
    assertThat(result.rows().get(0).metrics())
        .containsEntry("contains_answer", true)
        .containsEntry("correctness", 1L)
        .containsEntry("correctness_explanation", "The output names Paris, the city in the ground truth.");
    assertThat(result.unsent()).isEmpty();
    assertThat(result.honeyHiveResult()).containsEntry("success", true);
    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains("[capitals] 3/3 done, 0 failed")
        .contains("Experiment capitals  (run " + RUN + ", dataset " + dataset.id() + ")")
        .contains("contains_answer")
        .contains("66.7%")
        .contains("HoneyHive (average): contains_answer=0.667 correctness=1; passed 2, failed 1");
  }

  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("honeyhive_metadata.run_id");
  private static final AttributeKey<String> DATASET_ID = AttributeKey.stringKey("honeyhive_metadata.dataset_id");
  private static final AttributeKey<String> DATAPOINT_ID = AttributeKey.stringKey("honeyhive_metadata.datapoint_id");
  private static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("honeyhive.session_id");

  @Test
  void everySpanOfADatapointCarriesItsRunDatasetAndDatapointIds() {
    stubHoneyHive();
    HoneyHiveTracer tracer = tracer(honeyHive.baseUrl());
    ExperimentResult result = capitalsExperiment(tracer, null).build().run();

    List<SpanData> spans = otel.getSpans();
    // Per datapoint: its chain span, the function's model call, two evaluator spans, the judge's model call.
    assertThat(spans).hasSize(3 * 5);
    for (ExperimentResult.Row row : result.rows()) {
      List<SpanData> own =
          spans.stream().filter(s -> row.sessionId().equals(s.getAttributes().get(SESSION_ID))).collect(Collectors.toList());
      assertThat(own).extracting(SpanData::getName)
          .containsExactlyInAnyOrder("answer", "chat gpt-4o-mini", "evaluator contains_answer", "evaluator correctness", "chat gpt-4o-mini");
      for (SpanData s : own) {
        assertThat(s.getAttributes().get(RUN_ID)).as(s.getName()).isEqualTo(RUN);
        assertThat(s.getAttributes().get(DATASET_ID)).as(s.getName()).isEqualTo(result.datasetId());
        assertThat(s.getAttributes().get(DATAPOINT_ID)).as(s.getName()).isEqualTo(row.datapointId());
        assertThat(s.getAttributes().get(AttributeKey.stringKey("honeyhive.source"))).isEqualTo("evaluation");
        assertThat(s.getAttributes().get(AttributeKey.stringKey("honeyhive.session_name"))).isEqualTo("capitals");
        assertThat(s.getTraceId()).isEqualTo(own.get(0).getTraceId());
      }
      SpanData chain = own.stream().filter(s -> s.getName().equals("answer")).findFirst().orElseThrow();
      SpanData judge = own.stream().filter(s -> s.getName().equals("evaluator correctness")).findFirst().orElseThrow();
      // The function's model call under the chain span; the judge's under its evaluator span.
      assertThat(own.stream().filter(s -> s.getName().startsWith("chat")).map(SpanData::getParentSpanId))
          .containsExactlyInAnyOrder(chain.getSpanId(), judge.getSpanId());
      assertThat(judge.getParentSpanId()).isEqualTo(chain.getSpanId());
      assertThat(chain.getAttributes().get(AttributeKey.stringKey("honeyhive_event_type"))).isEqualTo("chain");
      assertThat(chain.getAttributes().get(AttributeKey.stringKey("honeyhive_event_name"))).isEqualTo("answer");
      assertThat(judge.getAttributes().get(AttributeKey.stringKey("honeyhive_event_name"))).isEqualTo("evaluator correctness");
      assertThat(chain.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.question"))).isEqualTo(row.inputs().get("question"));
      assertThat(chain.getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.result"))).isEqualTo("The capital of France is Paris.");
      assertThat(chain.getAttributes().get(AttributeKey.longKey("honeyhive_metrics.correctness"))).isEqualTo(1L);
      assertThat(chain.getAttributes().get(AttributeKey.stringKey("honeyhive_metrics.correctness_explanation")))
          .isEqualTo("The output names Paris, the city in the ground truth.");
      assertThat(chain.getAttributes().get(AttributeKey.booleanKey("honeyhive_metrics.contains_answer")))
          .isEqualTo(!row.inputs().get("question").toString().contains("Germany"));
    }
  }

  @Test
  void faultsAreRecordedPerDatapointAndTheRunFinishes() throws Exception {
    stubHoneyHive();
    // HoneyHive fails mid-run: every session update answers 500, the result 429.
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(500).withBody("{\"error\": \"boom\"}")));
    honeyHive.stubFor(get(urlPathMatching("/v1/runs/.*/result")).willReturn(aResponse().withStatus(429)));
    HoneyHiveTracer tracer = tracer(honeyHive.baseUrl());
    Dataset dataset =
        Dataset.of(
            Datapoint.of(Map.of("q", "ok")),
            Datapoint.of(Map.of("q", "throw")),
            Datapoint.of(Map.of("q", "hang")),
            Datapoint.of(null, Map.of("answer", "x")),
            Datapoint.of(Map.of("q", "nan")));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    long start = System.nanoTime();
    ExperimentResult result =
        Experiment.builder(tracer)
            .name("faults")
            .dataset(dataset)
            .function(
                (inputs, gt) -> {
                  switch ((String) inputs.get("q")) {
                    case "throw":
                      throw new IllegalStateException("model refused");
                    case "hang":
                      Thread.sleep(60_000);
                      return "never";
                    default:
                      return Map.of("answer", inputs.get("q"));
                  }
                })
            .evaluator("score", (out, in, gt) -> "nan".equals(in.get("q")) ? Double.NaN : 1.0)
            .evaluator("broken", (out, in, gt) -> { throw new ArithmeticException("divide by zero"); })
            .timeout(Duration.ofMillis(500))
            .output(new PrintStream(printed, true, StandardCharsets.UTF_8))
            .build()
            .run();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

    assertThat(result.rows()).hasSize(5);
    assertThat(result.failed()).isEqualTo(3);
    assertThat(result.rows().get(0).outputs()).isEqualTo(Map.of("answer", "ok"));
    assertThat(result.rows().get(0).metrics()).containsEntry("score", 1.0);
    assertThat(result.rows().get(0).evaluatorErrors()).containsEntry("broken", "threw ArithmeticException: divide by zero");
    assertThat(result.rows().get(1).error()).isEqualTo("function threw IllegalStateException: model refused");
    assertThat(result.rows().get(2).error()).isEqualTo("function timed out after 0.5 s");
    assertThat(result.rows().get(3).error()).isEqualTo("datapoint has no inputs: not run");
    assertThat(result.rows().get(3).sessionId()).isNull();
    assertThat(result.rows().get(4).evaluatorErrors()).containsEntry("score", "returned NaN");
    assertThat(result.rows().get(4).metrics()).doesNotContainKey("score");
    assertThat(result.mean("score")).isEqualTo(1.0);

    // Four sessions ran; the two with outputs are updated (the failed two have nothing to send, as
    // in the Python SDK); those updates and the result could not be sent, and that is said.
    assertThat(result.unsent())
        .containsExactly("PUT /events: HTTP 500", "PUT /events: HTTP 500", "GET /v1/runs/" + RUN + "/result: HTTP 429");
    assertThat(honeyHive.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/events"))))
        .hasSize(2 * HoneyHiveApi.MAX_ATTEMPTS);
    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains("5 datapoints, 3 failed")
        .contains(result.rows().get(1).datapointId() + ": function threw IllegalStateException: model refused")
        .contains(result.rows().get(2).datapointId() + ": function timed out after 0.5 s")
        .contains(result.rows().get(4).datapointId() + ": evaluator score: returned NaN")
        .contains("3 requests to HoneyHive could not be sent; the local results above are complete");

    // The failed function's span says why.
    SpanData threw =
        otel.getSpans().stream()
            .filter(s -> result.rows().get(1).datapointId().equals(s.getAttributes().get(DATAPOINT_ID)) && s.getName().equals("function"))
            .findFirst()
            .orElseThrow();
    assertThat(threw.getAttributes().get(AttributeKey.stringKey("honeyhive_error"))).isEqualTo("model refused");
  }

  @Test
  void honeyHiveDownRunsLocallyAndCountsWhatWasNotSent() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HoneyHiveTracer tracer = tracer("http://127.0.0.1:" + closedPort);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExperimentResult result =
        Experiment.builder(tracer)
            .dataset(capitals())
            .function((inputs, gt) -> "Paris")
            .evaluator("contains_answer", (out, in, gt) -> out.toString().contains((String) gt.get("answer")))
            .output(new PrintStream(printed, true, StandardCharsets.UTF_8))
            .build()
            .run();
    assertThat(result.name()).matches("experiment-[0-9a-f]{8}");
    assertThat(result.runId()).startsWith(result.name().substring("experiment-".length()));
    assertThat(result.rows()).hasSize(3).allSatisfy(r -> assertThat(r.error()).isNull());
    assertThat(result.passRate("contains_answer")).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    // The run's creation (tried), then 3 session starts, 3 updates, completion and result (not tried).
    assertThat(result.unsent()).hasSize(1 + 3 + 3 + 2);
    assertThat(result.unsent().get(0)).startsWith("POST /v1/runs: I/O error");
    assertThat(result.honeyHiveResult()).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("HoneyHive did not create the run")
        .contains("9 requests to HoneyHive could not be sent");
    // Every span still carries the run, dataset and datapoint ids (the run id is the one sent).
    assertThat(otel.getSpans()).isNotEmpty().allSatisfy(s -> assertThat(s.getAttributes().get(RUN_ID)).isEqualTo(result.runId()));
  }

  @Test
  void withoutAnApiKeyTheRunIsLocalAndTheTableComputedHere() {
    HoneyHiveTracer tracer =
        TestEnvironment.builderWithoutEnvironment().openTelemetry(otel.getOpenTelemetry()).project("offline").build();
    tracers.add(tracer);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExperimentResult result =
        Experiment.builder(tracer)
            .name("offline")
            .dataset(capitals())
            .function((inputs, gt) -> "Paris")
            .evaluator("similarity", (out, in, gt) -> Map.of("score", out.equals(gt.get("answer")) ? 0.9 : 0.2, "explanation", "stub", "tokens", 3))
            .passing("similarity", 0.5)
            .output(new PrintStream(printed, true, StandardCharsets.UTF_8))
            .build()
            .run();
    assertThat(honeyHive.getAllServeEvents()).isEmpty();
    assertThat(result.unsent()).isEmpty();
    assertThat(result.rows().get(0).metrics())
        .containsExactly(Map.entry("similarity", 0.9), Map.entry("similarity_explanation", "stub"), Map.entry("similarity_tokens", 3L));
    assertThat(result.metricNames()).containsExactly("similarity", "similarity_tokens");
    assertThat(result.min("similarity")).isEqualTo(0.2);
    assertThat(result.max("similarity")).isEqualTo(0.9);
    assertThat(result.passRate("similarity")).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("offline (no API key): nothing is sent to HoneyHive")
        .containsPattern("similarity\\s+3\\s+0\\.667\\s+0\\.200\\s+0\\.900\\s+66\\.7%");
  }

  @Test
  void anEmptyDatasetRunsNothingAndSendsNothing() {
    HoneyHiveTracer tracer = tracer(honeyHive.baseUrl());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExperimentResult result =
        Experiment.builder(tracer)
            .dataset(Dataset.of(List.of()))
            .function((inputs, gt) -> "x")
            .output(new PrintStream(printed, true, StandardCharsets.UTF_8))
            .build()
            .run();
    assertThat(result.rows()).isEmpty();
    assertThat(result.runId()).isNull();
    assertThat(requests(tracer)).isEmpty();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("is empty; nothing to run");
  }

  @Test
  void aManagedDatasetIsFetchedAndLinkedByItsId() throws Exception {
    stubHoneyHive();
    honeyHive.stubFor(
        get("/v1/datasets?dataset_id=ds-42")
            .willReturn(okJson("{\"datasets\": [{\"id\": \"ds-42\", \"name\": \"capitals\", \"datapoints\": [\"dp-1\", \"dp-2\"]}]}")));
    honeyHive.stubFor(
        get("/v1/datapoints/dp-1")
            .willReturn(
                okJson(
                    "{\"datapoint\": [{\"id\": \"dp-1\", \"inputs\": {\"question\": \"Capital of France?\"},"
                        + " \"history\": [], \"ground_truth\": {\"answer\": \"Paris\"}, \"metadata\": {},"
                        + " \"linked_event\": null, \"created_at\": \"2026-01-01T00:00:00Z\"}]}")));
    honeyHive.stubFor(get("/v1/datapoints/dp-2").willReturn(aResponse().withStatus(404)));
    HoneyHiveTracer tracer = tracer(honeyHive.baseUrl());
    ExperimentResult result =
        Experiment.builder(tracer)
            .name("managed")
            .dataset(Dataset.managed("ds-42"))
            .function((inputs, gt) -> "Paris")
            .output(null)
            .build()
            .run();
    assertThat(result.datasetId()).isEqualTo("ds-42");
    assertThat(result.rows()).extracting(ExperimentResult.Row::datapointId).containsExactly("dp-1");
    assertThat(result.unsent()).containsExactly("GET /v1/datapoints/dp-2: HTTP 404 (skipped)");
    ServeEvent create = requests(tracer).stream().filter(e -> line(e).equals("POST /v1/runs")).findFirst().orElseThrow();
    Map<String, Object> body = body(create);
    assertThat(body).containsEntry("dataset_id", "ds-42").containsEntry("metadata", Map.of()).containsEntry("datapoint_ids", List.of("dp-1"));
    ServeEvent complete = requests(tracer).stream().filter(e -> line(e).equals("PUT /v1/runs/" + RUN)).findFirst().orElseThrow();
    assertThat(body(complete)).isEqualTo(Map.of("name", "managed", "status", "completed", "event_ids", List.of(result.rows().get(0).sessionId())));
    assertThat(otel.getSpans()).allSatisfy(s -> assertThat(s.getAttributes().get(DATASET_ID)).isEqualTo("ds-42"));

    HoneyHiveTracer offline =
        TestEnvironment.builderWithoutEnvironment().openTelemetry(otel.getOpenTelemetry()).build();
    tracers.add(offline);
    assertThatThrownBy(() -> Experiment.builder(offline).dataset(Dataset.managed("ds-42")).function((i, g) -> "x").build().run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("API key");
  }

  @Test
  void abVariantsRunAsTwoRunsComparedSideBySide() throws Exception {
    honeyHive.stubFor(post("/v1/runs").willReturn(okJson("{}")));
    honeyHive.stubFor(any(anyUrl()).atPriority(10).willReturn(okJson("{}")));
    honeyHive.stubFor(
        get(urlPathMatching("/v1/runs/.*/compare-with/.*"))
            .willReturn(
                okJson(
                    "{\"commonDatapoints\": [\"a\", \"b\", \"c\"], \"metrics\": [{\"metric_name\": \"contains_answer\","
                        + " \"old_aggregate\": 0.3333, \"new_aggregate\": 1, \"improved_count\": 2, \"degraded_count\": 0}]}")));
    HoneyHiveTracer tracer = tracer(honeyHive.baseUrl());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Experiment a =
        Experiment.builder(tracer)
            .name("capitals-A")
            .dataset(capitals())
            .function((inputs, gt) -> "Paris")
            .evaluator("contains_answer", (o, in, gt) -> o.toString().contains((String) gt.get("answer")))
            .enrichment(EnrichmentContext.builder().abVariant("A").config("model", "small").build())
            .output(out)
            .build();
    Experiment b =
        Experiment.builder(tracer)
            .name("capitals-B")
            .dataset(capitals())
            .function((inputs, gt) -> gt.get("answer"))
            .evaluator("contains_answer", (o, in, gt) -> o.toString().contains((String) gt.get("answer")))
            .enrichment(EnrichmentContext.builder().abVariant("B").config("model", "large").build())
            .output(out)
            .build();
    ExperimentComparison comparison = Experiment.compare(a, b);

    assertThat(comparison.delta("contains_answer")).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    String aRun = comparison.a().runId();
    String bRun = comparison.b().runId();
    assertThat(requests(tracer)).extracting(ExperimentTest::line)
        .contains("GET /v1/runs/" + bRun + "/compare-with/" + aRun + "?aggregate_function=average")
        .filteredOn(l -> l.equals("POST /v1/runs")).hasSize(2);
    assertThat(comparison.honeyHiveComparison()).containsKey("commonDatapoints");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("A: capitals-A (run " + aRun + ")")
        .containsPattern("contains_answer\\s+0\\.667\\s+1\\.000\\s+\\+0\\.333")
        .contains("contains_answer: 0.333 -> 1 (improved 2, degraded 0)");
    // Each run's spans carry its variant and config.
    for (SpanData s : otel.getSpans()) {
      String run = s.getAttributes().get(RUN_ID);
      assertThat(s.getAttributes().get(AttributeKey.stringKey("honeyhive_metadata.ab_variant"))).isEqualTo(run.equals(aRun) ? "A" : "B");
      assertThat(s.getAttributes().get(AttributeKey.stringKey("honeyhive_config.model"))).isEqualTo(run.equals(aRun) ? "small" : "large");
    }
  }

  @Test
  void theJudgeRefusesAnAnswerWithoutAScoreInScale() {
    LlmJudge judge = LlmJudge.builder(model(tracer(honeyHive.baseUrl()))).name("j").scale(1, 5).build();
    assertThat(judge.parse("Sure! {\"score\": 4, \"explanation\": \"good\"}")).isEqualTo(Map.of("score", 4L, "explanation", "good"));
    assertThat(judge.parse("{\"score\": true}")).isEqualTo(Map.of("score", 5.0));
    assertThatThrownBy(() -> judge.parse("I think it is fine.")).hasMessageContaining("no numeric score");
    assertThatThrownBy(() -> judge.parse("{\"score\": 9}")).hasMessageContaining("outside 1..5");
  }
}
