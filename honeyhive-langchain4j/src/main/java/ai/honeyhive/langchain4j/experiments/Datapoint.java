package ai.honeyhive.langchain4j.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a {@link Dataset}: the inputs a function is called with, optionally the ground truth
 * its output is scored against, and optionally an id of the user's own. Immutable.
 *
 * <pre>{@code
 * Datapoint.of(Map.of("question", "Capital of France?"), Map.of("answer", "Paris"))
 * }</pre>
 */
public final class Datapoint {

  private final String id;
  private final Map<String, Object> inputs;
  private final Map<String, Object> groundTruth;

  /** What the id of a local datapoint is hashed from, as HoneyHive's Python SDK hashes its dict. */
  private final Map<String, Object> hashed;

  Datapoint(String id, Map<String, ?> inputs, Map<String, ?> groundTruth, Map<String, Object> hashed) {
    this.id = id;
    this.inputs = inputs == null ? null : copy(inputs);
    this.groundTruth = groundTruth == null ? null : copy(groundTruth);
    this.hashed = hashed != null ? hashed : defaultHashed(id, this.inputs, this.groundTruth);
  }

  /**
   * A datapoint with inputs and ground truth.
   *
   * @param inputs the function's inputs, by name; null makes a datapoint that is reported as
   *     failed ("no inputs") and not run
   * @param groundTruth the expected output, by name; null for none
   * @return a new datapoint without an id of its own (it gets a stable {@code EXT-} id)
   */
  public static Datapoint of(Map<String, ?> inputs, Map<String, ?> groundTruth) {
    return new Datapoint(null, inputs, groundTruth, null);
  }

  /**
   * A datapoint with inputs only.
   *
   * @param inputs the function's inputs, by name
   * @return a new datapoint without ground truth
   */
  public static Datapoint of(Map<String, ?> inputs) {
    return of(inputs, null);
  }

  /**
   * This datapoint with an id of the user's own; HoneyHive receives it as {@code EXT-<id>}.
   *
   * @param id the id, for example a row number or a ticket id
   * @return a new datapoint with the id set
   * @throws IllegalArgumentException if {@code id} is null or blank
   */
  public Datapoint withId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be null or blank");
    }
    return new Datapoint(id, inputs, groundTruth, null);
  }

  /**
   * The id given with {@link #withId(String)} or read from the file, else null.
   *
   * @return the user's id, or null
   */
  public String id() {
    return id;
  }

  /**
   * The inputs, as given.
   *
   * @return an unmodifiable map, or null if the datapoint has none
   */
  public Map<String, Object> inputs() {
    return inputs;
  }

  /**
   * The ground truth, as given.
   *
   * @return an unmodifiable map, or null if the datapoint has none
   */
  public Map<String, Object> groundTruth() {
    return groundTruth;
  }

  Map<String, Object> hashed() {
    return hashed;
  }

  private static Map<String, Object> defaultHashed(
      String id, Map<String, Object> inputs, Map<String, Object> groundTruth) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (inputs != null) {
      m.put("inputs", inputs);
    }
    if (groundTruth != null) {
      m.put("ground_truth", groundTruth);
    }
    if (id != null) {
      m.put("id", id);
    }
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> copy(Map<String, ?> map) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      m.put(Objects.requireNonNull(e.getKey(), "a key is null"), e.getValue());
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Datapoint
        && Objects.equals(id, ((Datapoint) o).id)
        && Objects.equals(inputs, ((Datapoint) o).inputs)
        && Objects.equals(groundTruth, ((Datapoint) o).groundTruth);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, inputs, groundTruth);
  }

  @Override
  public String toString() {
    return "Datapoint{id=" + id + ", inputs=" + inputs + ", groundTruth=" + groundTruth + "}";
  }
}
