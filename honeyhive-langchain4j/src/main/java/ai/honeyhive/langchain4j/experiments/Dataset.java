package ai.honeyhive.langchain4j.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The datapoints an experiment runs: built in code, read from a JSONL or CSV file, or a dataset
 * managed in HoneyHive (fetched when the experiment runs). A local dataset gets the stable id
 * HoneyHive's Python SDK gives it ({@code EXT-} and a hash of its content), so running the same
 * file again links to the same dataset in HoneyHive. Immutable.
 */
public final class Dataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final List<Datapoint> datapoints;
  private final boolean managed;

  private Dataset(String id, List<Datapoint> datapoints, boolean managed) {
    this.id = id;
    this.datapoints = datapoints;
    this.managed = managed;
  }

  /**
   * A dataset of the given datapoints, in order.
   *
   * @param datapoints the datapoints; may be empty (the experiment then runs nothing and says so)
   * @return a local dataset with an {@code EXT-} id
   * @throws NullPointerException if {@code datapoints} or one of them is null
   */
  public static Dataset of(List<Datapoint> datapoints) {
    Objects.requireNonNull(datapoints, "datapoints");
    List<Datapoint> copy = new ArrayList<>(datapoints.size());
    for (Datapoint d : datapoints) {
      copy.add(Objects.requireNonNull(d, "a datapoint is null"));
    }
    return new Dataset(ExternalIds.datasetId(copy), Collections.unmodifiableList(copy), false);
  }

  /**
   * A dataset of the given datapoints, in order.
   *
   * @param datapoints the datapoints
   * @return a local dataset with an {@code EXT-} id
   */
  public static Dataset of(Datapoint... datapoints) {
    return of(Arrays.asList(datapoints));
  }

  /**
   * Reads a JSON Lines file: one JSON object per line, {@code {"inputs": {...}, "ground_truth":
   * {...}}}, optionally with {@code "id"} (or {@code "datapoint_id"}); blank lines are skipped. A
   * line without {@code "inputs"} is kept, and reported as failed when the experiment runs.
   *
   * @param file the file, UTF-8
   * @return a local dataset whose id hashes the lines' objects as HoneyHive's Python SDK would
   * @throws IOException if the file cannot be read, or a line is not a JSON object (the message
   *     names the line)
   */
  public static Dataset fromJsonl(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    List<Datapoint> datapoints = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      Object parsed;
      try {
        parsed = JSON.readValue(line, Object.class);
      } catch (JsonProcessingException e) {
        throw new IOException(file + " line " + (i + 1) + " is not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (!(parsed instanceof Map)) {
        throw new IOException(file + " line " + (i + 1) + " is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) parsed;
      datapoints.add(
          new Datapoint(
              idOf(object),
              mapOrNull(object.get("inputs"), file, i, "inputs"),
              mapOrNull(object.get("ground_truth"), file, i, "ground_truth"),
              Collections.unmodifiableMap(object)));
    }
    return new Dataset(ExternalIds.datasetId(datapoints), Collections.unmodifiableList(datapoints), false);
  }

  /**
   * Reads a CSV file with a header row (RFC 4180: commas, double quotes, quoted line breaks). The
   * columns named in {@code groundTruthColumns} become the ground truth, a column named {@code id}
   * the datapoint's id, and every other column an input; values are strings.
   *
   * @param file the file, UTF-8
   * @param groundTruthColumns the header names of the ground-truth columns
   * @return a local dataset
   * @throws IOException if the file cannot be read, has no header, or a row has more fields than
   *     the header (the message names the row)
   */
  public static Dataset fromCsv(Path file, String... groundTruthColumns) throws IOException {
    Objects.requireNonNull(file, "file");
    Set<String> truth = new HashSet<>(Arrays.asList(groundTruthColumns));
    List<List<String>> rows = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
    if (rows.isEmpty()) {
      throw new IOException(file + " has no header row");
    }
    List<String> header = rows.get(0);
    for (String column : truth) {
      if (!header.contains(column)) {
        throw new IOException(file + " has no column " + column + " (header: " + header + ")");
      }
    }
    List<Datapoint> datapoints = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue;
      }
      if (row.size() > header.size()) {
        throw new IOException(file + " row " + (r + 1) + " has " + row.size() + " fields, the header " + header.size());
      }
      Map<String, Object> inputs = new LinkedHashMap<>();
      Map<String, Object> groundTruth = new LinkedHashMap<>();
      String id = null;
      for (int c = 0; c < header.size(); c++) {
        String value = c < row.size() ? row.get(c) : "";
        String name = header.get(c);
        if (name.equals("id")) {
          id = value.isEmpty() ? null : value;
        } else if (truth.contains(name)) {
          groundTruth.put(name, value);
        } else {
          inputs.put(name, value);
        }
      }
      datapoints.add(new Datapoint(id, inputs, groundTruth.isEmpty() ? null : groundTruth, null));
    }
    return new Dataset(ExternalIds.datasetId(datapoints), Collections.unmodifiableList(datapoints), false);
  }

  /**
   * A dataset managed in HoneyHive, by its id; its datapoints are fetched ({@code GET
   * /v1/datasets?dataset_id=}, then {@code GET /v1/datapoints/{id}} for each) when the experiment
   * runs, which needs a tracer with an API key.
   *
   * @param datasetId the dataset's id in HoneyHive
   * @return a managed dataset, not yet fetched
   * @throws IllegalArgumentException if {@code datasetId} is null or blank
   */
  public static Dataset managed(String datasetId) {
    if (datasetId == null || datasetId.isBlank()) {
      throw new IllegalArgumentException("datasetId must not be null or blank");
    }
    return new Dataset(datasetId, List.of(), true);
  }

  static Dataset fetched(String datasetId, List<Datapoint> datapoints) {
    return new Dataset(datasetId, Collections.unmodifiableList(new ArrayList<>(datapoints)), true);
  }

  /**
   * The dataset's id: {@code EXT-} and a content hash for a local dataset, HoneyHive's id for a
   * managed one.
   *
   * @return the id; never null
   */
  public String id() {
    return id;
  }

  /**
   * Whether the datapoints live in HoneyHive ({@link #managed(String)}).
   *
   * @return true for a managed dataset
   */
  public boolean isManaged() {
    return managed;
  }

  /**
   * The datapoints, in order; empty for a managed dataset that has not been fetched.
   *
   * @return an unmodifiable list
   */
  public List<Datapoint> datapoints() {
    return datapoints;
  }

  /**
   * The number of datapoints ({@code 0} for a managed dataset not yet fetched).
   *
   * @return the size
   */
  public int size() {
    return datapoints.size();
  }

  @Override
  public String toString() {
    return "Dataset{id=" + id + ", size=" + datapoints.size() + (managed ? ", managed" : "") + "}";
  }

  private static String idOf(Map<String, Object> object) {
    Object id = object.get("id") != null ? object.get("id") : object.get("datapoint_id");
    return id == null || id.toString().isBlank() ? null : id.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOrNull(Object value, Path file, int line, String field) throws IOException {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw new IOException(file + " line " + (line + 1) + ": \"" + field + "\" is not a JSON object");
    }
    return (Map<String, Object>) value;
  }

  /** RFC 4180 fields, including quoted commas, quotes and line breaks. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      int i = 0;
      if (text.startsWith("\uFEFF")) {
        i = 1;
      }
      for (; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else {
          field.append(c);
        }
      }
      if (field.length() > 0 || !row.isEmpty()) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }

    private Csv() {}
  }
}
