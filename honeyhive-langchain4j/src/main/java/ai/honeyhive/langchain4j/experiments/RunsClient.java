package ai.honeyhive.langchain4j.experiments;

import ai.honeyhive.langchain4j.internal.export.HoneyHiveApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of an experiment, with the bodies HoneyHive's Python SDK sends (field for field, in
 * its order; absent values left out, as its {@code model_dump(exclude_none=True)} does). Each
 * failed request is added to {@link #unsent}, never thrown.
 */
final class RunsClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HoneyHiveApi api;
  final List<String> unsent = java.util.Collections.synchronizedList(new ArrayList<>());

  RunsClient(HoneyHiveApi api) {
    this.api = api;
  }

  /** {@code POST /v1/runs}; returns the run id HoneyHive answered with (else ours), or null on failure. */
  String createRun(
      String runId,
      String name,
      String datasetId,
      boolean managed,
      List<String> datapointIds,
      Map<String, Object> configuration,
      Map<String, Object> metadata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("name", name);
    body.put("status", "pending");
    Map<String, Object> meta = new LinkedHashMap<>(metadata);
    if (!managed) {
      // A dataset outside HoneyHive: its id goes to metadata, dataset_id stays unset.
      meta.put("offline_dataset_id", datasetId);
    } else {
      body.put("dataset_id", datasetId);
    }
    body.put("metadata", meta);
    body.put("event_ids", List.of());
    body.put("configuration", configuration);
    body.put("datapoint_ids", datapointIds);
    HoneyHiveApi.Answer answer = send("POST", "/v1/runs", body);
    if (!answer.ok()) {
      return null;
    }
    Map<String, Object> response = parse(answer.body);
    Object answered = response == null ? null : response.get("run_id");
    return answered instanceof String && !((String) answered).isBlank() ? (String) answered : runId;
  }

  /** {@code POST /session/start}, as the Python SDK's per-datapoint tracer starts its session. */
  boolean startSession(
      String sessionId, String sessionName, Map<String, Object> inputs, String runId, String datasetId, String datapointId) {
    Map<String, Object> session = new LinkedHashMap<>();
    if (api.project() != null) {
      session.put("project", api.project());
    }
    session.put("session_name", sessionName);
    session.put("source", "evaluation");
    session.put("session_id", sessionId);
    session.put("inputs", inputs);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("run_id", runId);
    metadata.put("dataset_id", datasetId);
    metadata.put("datapoint_id", datapointId);
    session.put("metadata", metadata);
    return send("POST", "/session/start", Map.of("session", session)).ok();
  }

  /** {@code PUT /events}: the session's outputs and the datapoint's ground truth as feedback. */
  boolean updateSession(String sessionId, Object outputs, Map<String, Object> groundTruth) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event_id", sessionId);
    if (groundTruth != null) {
      body.put("feedback", Map.of("ground_truth", groundTruth));
    }
    if (outputs != null) {
      body.put("outputs", outputs);
    }
    if (body.size() == 1) {
      return true;
    }
    return send("PUT", "/events", body).ok();
  }

  /** {@code PUT /v1/runs/{run_id}}: completed, with the datapoints' session ids. */
  boolean completeRun(String runId, String name, String datasetId, boolean managed, List<String> sessionIds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("status", "completed");
    if (!managed) {
      body.put("metadata", Map.of("offline_dataset_id", datasetId));
    }
    if (!sessionIds.isEmpty()) {
      body.put("event_ids", sessionIds);
    }
    return send("PUT", "/v1/runs/" + encode(runId), body).ok();
  }

  /** {@code GET /v1/runs/{run_id}/result?aggregate_function=...}; null on failure. */
  Map<String, Object> result(String runId, String aggregateFunction) {
    HoneyHiveApi.Answer answer =
        send("GET", "/v1/runs/" + encode(runId) + "/result?aggregate_function=" + encode(aggregateFunction), null);
    return answer.ok() ? parse(answer.body) : null;
  }

  /** {@code GET /v1/runs/{new}/compare-with/{old}?aggregate_function=...}; null on failure. */
  Map<String, Object> compare(String newRunId, String oldRunId, String aggregateFunction) {
    HoneyHiveApi.Answer answer =
        send(
            "GET",
            "/v1/runs/" + encode(newRunId) + "/compare-with/" + encode(oldRunId) + "?aggregate_function=" + encode(aggregateFunction),
            null);
    return answer.ok() ? parse(answer.body) : null;
  }

  /**
   * A managed dataset's datapoints: {@code GET /v1/datasets?dataset_id=}, then {@code GET
   * /v1/datapoints/{id}} for each id it lists; a datapoint that cannot be fetched is skipped.
   *
   * @throws IllegalStateException if the dataset cannot be read, or none of its datapoints
   */
  @SuppressWarnings("unchecked")
  List<Datapoint> fetchDataset(String datasetId) {
    HoneyHiveApi.Answer answer = api.call("GET", "/v1/datasets?dataset_id=" + encode(datasetId), null);
    Map<String, Object> response = answer.ok() ? parse(answer.body) : null;
    if (response == null) {
      throw new IllegalStateException(
          "HoneyHive dataset " + datasetId + " could not be read: " + (answer.ok() ? "unreadable answer" : answer.problem()));
    }
    Object datasets = response.get("datasets");
    if (!(datasets instanceof List) || ((List<?>) datasets).isEmpty() || !(((List<?>) datasets).get(0) instanceof Map)) {
      throw new IllegalStateException("HoneyHive dataset not found: " + datasetId);
    }
    Object ids = ((Map<String, Object>) ((List<?>) datasets).get(0)).get("datapoints");
    List<Datapoint> datapoints = new ArrayList<>();
    if (!(ids instanceof List)) {
      return datapoints;
    }
    for (Object id : (List<Object>) ids) {
      HoneyHiveApi.Answer dp = api.call("GET", "/v1/datapoints/" + encode(String.valueOf(id)), null);
      Map<String, Object> parsed = dp.ok() ? parse(dp.body) : null;
      Object list = parsed == null ? null : parsed.get("datapoint");
      if (!(list instanceof List) || ((List<?>) list).isEmpty() || !(((List<?>) list).get(0) instanceof Map)) {
        unsent.add("GET /v1/datapoints/" + id + ": " + (dp.ok() ? "no datapoint in the answer" : dp.problem()) + " (skipped)");
        continue;
      }
      Map<String, Object> d = (Map<String, Object>) ((List<?>) list).get(0);
      Object inputs = d.get("inputs");
      Object truth = d.get("ground_truth");
      String realId = d.get("id") instanceof String ? (String) d.get("id") : String.valueOf(id);
      datapoints.add(
          new Datapoint(
              realId,
              inputs instanceof Map ? (Map<String, Object>) inputs : Map.of(),
              truth instanceof Map ? (Map<String, Object>) truth : null,
              null));
    }
    if (datapoints.isEmpty() && !((List<?>) ids).isEmpty()) {
      throw new IllegalStateException(
          "HoneyHive dataset " + datasetId + " lists " + ((List<?>) ids).size() + " datapoints but none could be fetched");
    }
    return datapoints;
  }

  private HoneyHiveApi.Answer send(String method, String path, Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // The outputs or inputs of a datapoint that Jackson cannot write: send them as text.
      json = null;
      unsent.add(method + " " + path + ": body could not be serialized (" + e.getOriginalMessage() + ")");
      return new HoneyHiveApi.Answer(0, null, "unserializable", 0);
    }
    HoneyHiveApi.Answer answer = api.call(method, path, json);
    if (!answer.ok()) {
      unsent.add(method + " " + path.replaceAll("\\?.*", "") + ": " + answer.problem());
    }
    return answer;
  }

  static Map<String, Object> parse(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
