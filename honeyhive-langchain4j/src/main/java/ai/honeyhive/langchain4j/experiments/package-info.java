/**
 * Experiments: run a dataset through a function (typically an AI service), score each output with
 * evaluators, and record the run in HoneyHive, the Java form of HoneyHive's {@code evaluate()}.
 * Start with {@link ai.honeyhive.langchain4j.experiments.Experiment#builder}.
 */
package ai.honeyhive.langchain4j.experiments;
