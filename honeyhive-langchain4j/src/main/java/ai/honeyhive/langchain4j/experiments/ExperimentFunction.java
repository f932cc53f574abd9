package ai.honeyhive.langchain4j.experiments;

import java.util.Map;

/**
 * What an experiment evaluates: called once per datapoint, typically a call of an AI service or a
 * chat model. It runs under the datapoint's HoneyHive session, so every span it makes (model calls,
 * tools, retrieval) is linked to the run and the datapoint.
 */
@FunctionalInterface
public interface ExperimentFunction {

  /**
   * Produces the output for one datapoint.
   *
   * @param inputs the datapoint's inputs; never null
   * @param groundTruth the datapoint's ground truth, or null if it has none
   * @return the output: a map is sent to HoneyHive as the session's outputs, anything else as
   *     {@code {"result": value}}
   * @throws Exception any failure; it is recorded for this datapoint and the run goes on
   */
  Object run(Map<String, Object> inputs, Map<String, Object> groundTruth) throws Exception;
}
