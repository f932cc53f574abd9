package ai.honeyhive.langchain4j.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local datasets and their EXT- ids. The expected ids were computed with HoneyHive's Python SDK's
 * formula ({@code experiments/utils.py}: SHA-256 of {@code json.dumps(..., sort_keys=True)}) in
 * Python 3 over the same data, so Java and Python link the same file to the same dataset.
 */
class DatasetTest {

  private static final String PYTHON_DATASET_ID = "EXT-95523ac6dba33631";
  private static final List<String> PYTHON_DATAPOINT_IDS =
      List.of("EXT-4729527ea1601cce", "EXT-04011b96037cbb6d", "EXT-row-7");

  @TempDir Path dir;

  private static List<Datapoint> inCode() {
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("question", "Café in Zürich?");
    second.put("n", 3);
    second.put("t", 0.5);
    second.put("big", 1e20);
    second.put("small", 0.00001);
    second.put("flag", true);
    second.put("none", null);
    second.put("list", Arrays.asList(1, 2.5, "x"));
    return List.of(
        Datapoint.of(Map.of("question", "What is the capital of France?"), Map.of("answer", "Paris")),
        Datapoint.of(second, Map.of("answer", "ja\n\"quoted\"")),
        Datapoint.of(Map.of("question", "with id")).withId("row-7"));
  }

  @Test
  void codeDatasetIdsMatchHoneyHivePythonSdk() {
    List<Datapoint> datapoints = inCode();
    Dataset dataset = Dataset.of(datapoints);
    assertThat(dataset.id()).isEqualTo(PYTHON_DATASET_ID);
    for (int i = 0; i < datapoints.size(); i++) {
      assertThat(ExternalIds.datapointId(datapoints.get(i), i)).isEqualTo(PYTHON_DATAPOINT_IDS.get(i));
    }
    assertThat(dataset.isManaged()).isFalse();
    assertThat(dataset.size()).isEqualTo(3);
  }

  @Test
  void jsonlFileGivesTheSameIdsAsTheSameDataInCode() throws IOException {
    Path file = dir.resolve("data.jsonl");
    Files.writeString(
        file,
        "{\"inputs\": {\"question\": \"What is the capital of France?\"}, \"ground_truth\": {\"answer\": \"Paris\"}}\n"
            + "\n"
            + "{\"inputs\": {\"question\": \"Café in Zürich?\", \"n\": 3, \"t\": 0.5, \"big\": 1e20, \"small\": 0.00001,"
            + " \"flag\": true, \"none\": null, \"list\": [1, 2.5, \"x\"]}, \"ground_truth\": {\"answer\": \"ja\\n\\\"quoted\\\"\"}}\n"
            + "{\"inputs\": {\"question\": \"with id\"}, \"id\": \"row-7\"}\n",
        StandardCharsets.UTF_8);
    Dataset dataset = Dataset.fromJsonl(file);
    assertThat(dataset.id()).isEqualTo(PYTHON_DATASET_ID);
    assertThat(dataset.datapoints().get(2).id()).isEqualTo("row-7");
    assertThat(dataset.datapoints().get(0).groundTruth()).containsEntry("answer", "Paris");
    // Re-reading the same file links to the same dataset.
    assertThat(Dataset.fromJsonl(file).id()).isEqualTo(PYTHON_DATASET_ID);
  }

  @Test
  void jsonlLineWithoutInputsIsKeptAndABadLineIsNamed() throws IOException {
    Path file = dir.resolve("partial.jsonl");
    Files.writeString(file, "{\"ground_truth\": {\"answer\": \"x\"}}\n");
    assertThat(Dataset.fromJsonl(file).datapoints().get(0).inputs()).isNull();

    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"inputs\": {}}\n{not json\n");
    assertThatThrownBy(() -> Dataset.fromJsonl(bad)).isInstanceOf(IOException.class).hasMessageContaining("line 2");
  }

  @Test
  void csvSplitsGroundTruthColumnsAndReadsQuotedFields() throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, "id,question,answer\n1,\"Capital of France, please?\",Paris\n2,\"Say \"\"hi\"\"\nin two lines\",hi\n");
    Dataset dataset = Dataset.fromCsv(file, "answer");
    assertThat(dataset.datapoints()).hasSize(2);
    Datapoint first = dataset.datapoints().get(0);
    assertThat(first.id()).isEqualTo("1");
    assertThat(first.inputs()).containsExactly(Map.entry("question", "Capital of France, please?"));
    assertThat(first.groundTruth()).containsExactly(Map.entry("answer", "Paris"));
    assertThat(dataset.datapoints().get(1).inputs().get("question")).isEqualTo("Say \"hi\"\nin two lines");
    assertThat(ExternalIds.datapointId(first, 0)).isEqualTo("EXT-1");
    assertThat(dataset.id()).startsWith("EXT-").hasSize(20);
    assertThatThrownBy(() -> Dataset.fromCsv(file, "missing")).isInstanceOf(IOException.class).hasMessageContaining("missing");
  }

  @Test
  void pythonFloatReprs() {
    assertThat(ExternalIds.pythonFloat(1.0)).isEqualTo("1.0");
    assertThat(ExternalIds.pythonFloat(0.1)).isEqualTo("0.1");
    assertThat(ExternalIds.pythonFloat(1e-5)).isEqualTo("1e-05");
    assertThat(ExternalIds.pythonFloat(1.5e16)).isEqualTo("1.5e+16");
    assertThat(ExternalIds.pythonFloat(-2.5e-7)).isEqualTo("-2.5e-07");
    assertThat(ExternalIds.pythonFloat(123456.789)).isEqualTo("123456.789");
  }

  @Test
  void managedDatasetIsFetchedLater() {
    Dataset dataset = Dataset.managed("ds-123");
    assertThat(dataset.isManaged()).isTrue();
    assertThat(dataset.id()).isEqualTo("ds-123");
    assertThat(dataset.datapoints()).isEmpty();
    assertThatThrownBy(() -> Dataset.managed(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
