package ai.honeyhive.langchain4j.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An evaluator that asks a chat model to grade an output against a rubric: any LangChain4j {@link
 * ChatModel}. The model is told to answer with a JSON object {@code {"score": <number>,
 * "explanation": "<why>"}}; the score becomes the metric {@code <name>} and the explanation {@code
 * <name>_explanation}. Register the tracer's {@code chatModelListener()} on the judge's model to
 * trace its calls: they appear under an {@code evaluator <name>} span of their own, apart from the
 * function's calls.
 *
 * <pre>{@code
 * LlmJudge judge = LlmJudge.builder(judgeModel)
 *     .name("correctness")
 *     .rubric("1 if the answer names the same city as the ground truth, else 0")
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe if the model is.
 */
public final class LlmJudge implements Evaluator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatModel model;
  private final String name;
  private final String rubric;
  private final double minScore;
  private final double maxScore;

  private LlmJudge(Builder b) {
    this.model = b.model;
    this.name = b.name;
    this.rubric = b.rubric;
    this.minScore = b.minScore;
    this.maxScore = b.maxScore;
  }

  /**
   * A builder for a judge on {@code model}.
   *
   * @param model the chat model that grades
   * @return a new builder
   * @throws NullPointerException if {@code model} is null
   */
  public static Builder builder(ChatModel model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  /**
   * The metric name this judge's score is recorded under.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Asks the model to grade {@code outputs}.
   *
   * @return a map with {@code score} (a number within the scale) and {@code explanation}
   * @throws IllegalStateException if the model's answer holds no JSON object with a numeric
   *     {@code score} within the scale (the message quotes the answer)
   */
  @Override
  public Object evaluate(Object outputs, Map<String, Object> inputs, Map<String, Object> groundTruth) throws Exception {
    String system =
        "You are grading the output of an AI application.\n"
            + "Rubric: " + rubric + "\n"
            + "Score from " + number(minScore) + " (worst) to " + number(maxScore) + " (best).\n"
            + "Answer with one JSON object and nothing else: {\"score\": <number>, \"explanation\": \"<one sentence>\"}";
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("inputs", inputs);
    subject.put("output", outputs);
    if (groundTruth != null) {
      subject.put("ground_truth", groundTruth);
    }
    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(SystemMessage.from(system), UserMessage.from(JSON.writeValueAsString(subject)))
                .build());
    String text = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
    return parse(text);
  }

  Map<String, Object> parse(String text) {
    if (text == null) {
      throw new IllegalStateException("the judge answered nothing");
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    JsonNode node = null;
    if (start >= 0 && end > start) {
      try {
        node = JSON.readTree(text.substring(start, end + 1));
      } catch (Exception ignored) {
        // Reported below with the answer.
      }
    }
    JsonNode score = node == null ? null : node.get("score");
    if (score == null || !(score.isNumber() || score.isBoolean())) {
      throw new IllegalStateException("the judge's answer has no numeric score: " + abbreviate(text));
    }
    double value = score.isBoolean() ? (score.booleanValue() ? maxScore : minScore) : score.doubleValue();
    if (Double.isNaN(value) || value < minScore || value > maxScore) {
      throw new IllegalStateException(
          "the judge's score " + number(value) + " is outside " + number(minScore) + ".." + number(maxScore));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("score", score.isIntegralNumber() ? (Object) score.longValue() : (Object) value);
    JsonNode explanation = node.get("explanation");
    if (explanation != null && !explanation.isNull()) {
      result.put("explanation", explanation.isTextual() ? explanation.textValue() : explanation.toString());
    }
    return result;
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public String toString() {
    return "LlmJudge{name=" + name + ", scale=" + number(minScore) + ".." + number(maxScore) + "}";
  }

  /** Builds an {@link LlmJudge}. */
  public static final class Builder {
    private final ChatModel model;
    private String name = "llm_judge";
    private String rubric = "How correct and helpful the output is for the inputs, given the ground truth if any.";
    private double minScore = 0;
    private double maxScore = 1;

    private Builder(ChatModel model) {
      this.model = model;
    }

    /**
     * The metric name. If unset, defaults to {@code llm_judge}.
     *
     * @param name the metric name, for example {@code correctness}
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be null or blank");
      }
      this.name = name;
      return this;
    }

    /**
     * What the model grades, in plain words; sent to the model with every request. If unset,
     * defaults to a generic correctness-and-helpfulness rubric.
     *
     * @param rubric the rubric
     * @return this builder
     * @throws IllegalArgumentException if {@code rubric} is null or blank
     */
    public Builder rubric(String rubric) {
      if (rubric == null || rubric.isBlank()) {
        throw new IllegalArgumentException("rubric must not be null or blank");
      }
      this.rubric = rubric;
      return this;
    }

    /**
     * The score's range. If unset, defaults to 0 to 1. A boolean answer counts as the maximum or
     * the minimum.
     *
     * @param min the worst score
     * @param max the best score
     * @return this builder
     * @throws IllegalArgumentException if {@code min} is not below {@code max}, or either is not
     *     finite
     */
    public Builder scale(double min, double max) {
      if (!Double.isFinite(min) || !Double.isFinite(max) || min >= max) {
        throw new IllegalArgumentException("scale needs finite min < max, got " + min + ".." + max);
      }
      this.minScore = min;
      this.maxScore = max;
      return this;
    }

    /**
     * Builds the judge.
     *
     * @return a new judge
     */
    public LlmJudge build() {
      return new LlmJudge(this);
    }
  }
}
