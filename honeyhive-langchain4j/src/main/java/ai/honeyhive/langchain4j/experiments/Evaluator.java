package ai.honeyhive.langchain4j.experiments;

import java.util.Map;

/**
 * Scores one datapoint's output, the Java form of a HoneyHive evaluator function {@code
 * (outputs, inputs, ground_truth)}. Its result becomes the datapoint's metrics, named after the
 * evaluator as HoneyHive's SDK names them:
 *
 * <ul>
 *   <li>a number, a boolean or a string: the metric {@code <name>};
 *   <li>a map: {@code "score"} becomes {@code <name>}, {@code "explanation"} becomes {@code
 *       <name>_explanation}, and every other number, boolean or string entry {@code <name>_<key>}.
 * </ul>
 *
 * <p>An evaluator that throws, times out, or returns null, NaN or an infinite number is recorded
 * as failed for that datapoint; the run goes on.
 */
@FunctionalInterface
public interface Evaluator {

  /**
   * Scores an output.
   *
   * @param outputs what the function returned for the datapoint (may be null)
   * @param inputs the datapoint's inputs; never null
   * @param groundTruth the datapoint's ground truth, or null if it has none
   * @return a number, a boolean, a string, or a map as described above
   * @throws Exception any failure; it is recorded for this datapoint and evaluator
   */
  Object evaluate(Object outputs, Map<String, Object> inputs, Map<String, Object> groundTruth) throws Exception;
}
