package ai.honeyhive.langchain4j.examples.snippets;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.experiments.Datapoint;
import ai.honeyhive.langchain4j.experiments.Dataset;
import ai.honeyhive.langchain4j.experiments.Experiment;
import ai.honeyhive.langchain4j.experiments.ExperimentComparison;
import ai.honeyhive.langchain4j.experiments.ExperimentResult;
import ai.honeyhive.langchain4j.experiments.LlmJudge;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The Java blocks of docs/experiments.md and README.md's experiment block, compiled. */
@SuppressWarnings("unused")
final class ExperimentSnippets {

  interface Assistant {
    String answer(String question);
  }

  ExperimentResult readme(HoneyHiveTracer tracer, Assistant assistant, ChatModel judgeModel) throws IOException {
    // snippet: readme-experiment
    ExperimentResult result = Experiment.builder(tracer)
        .dataset(Dataset.fromJsonl(Path.of("capitals.jsonl")))   // {"inputs": {...}, "ground_truth": {...}} per line
        .function((inputs, groundTruth) -> assistant.answer((String) inputs.get("question")))
        .evaluator("exact", (outputs, inputs, groundTruth) -> outputs.equals(groundTruth.get("answer")))
        .evaluator(LlmJudge.builder(judgeModel).name("correctness").rubric("names the right city").build())
        .build()
        .run();   // prints progress and a summary table; records the run in HoneyHive
    // end snippet
    return result;
  }

  ExperimentResult tenDatapoints(HoneyHiveTracer tracer, Assistant assistant, ChatModel judgeModel) {
    // snippet: experiments-run
    Dataset capitals = Dataset.of(
        Datapoint.of(Map.of("question", "What is the capital of France?"), Map.of("answer", "Paris")),
        Datapoint.of(Map.of("question", "What is the capital of Germany?"), Map.of("answer", "Berlin")),
        // ... eight more
        Datapoint.of(Map.of("question", "What is the capital of Japan?"), Map.of("answer", "Tokyo")));

    ExperimentResult result = Experiment.builder(tracer)          // the tracer your models listen to
        .name("capitals-v2")                                       // default: experiment-<8 chars of the run id>
        .dataset(capitals)
        .function("answer", (inputs, groundTruth) -> assistant.answer((String) inputs.get("question")))
        .evaluator("contains_answer", (outputs, inputs, groundTruth) ->
            outputs.toString().contains((String) groundTruth.get("answer")))
        .evaluator(LlmJudge.builder(judgeModel)
            .name("correctness")
            .rubric("1 if the output names the city in the ground truth, else 0")
            .build())
        .maxConcurrency(4)                                         // default 10
        .timeout(Duration.ofSeconds(30))                           // per datapoint and per evaluator; default 60 s
        .build()
        .run();

    double accuracy = result.mean("contains_answer");
    // end snippet
    return result;
  }

  void datasets(HoneyHiveTracer tracer) throws IOException {
    // snippet: experiments-datasets
    Dataset inCode = Dataset.of(Datapoint.of(Map.of("question", "Capital of France?"), Map.of("answer", "Paris")));
    Dataset jsonl = Dataset.fromJsonl(Path.of("capitals.jsonl"));          // one {"inputs", "ground_truth", "id"?} per line
    Dataset csv = Dataset.fromCsv(Path.of("capitals.csv"), "answer");      // header row; "answer" is ground truth
    Dataset managed = Dataset.managed("663f1c...");                       // a HoneyHive dataset, fetched at run()
    // end snippet
  }

  void evaluators() {
    // snippet: experiments-evaluators
    Experiment.Builder builder = Experiment.builder(HoneyHiveTracer.fromEnv())
        .evaluator("length_ok", (outputs, inputs, gt) -> outputs.toString().length() < 200)      // metric length_ok
        .evaluator("overlap", (outputs, inputs, gt) -> 0.75)                                      // metric overlap
        .evaluator("style", (outputs, inputs, gt) ->                                              // metrics style,
            Map.of("score", 4, "explanation", "formal enough", "tone", "neutral"))                // style_explanation, style_tone
        .passing("overlap", 0.5);                                  // pass rate: share of datapoints with overlap >= 0.5
    // end snippet
  }

  ExperimentComparison ab(HoneyHiveTracer tracer, Dataset capitals, Assistant small, Assistant large) {
    // snippet: experiments-ab
    Experiment a = Experiment.builder(tracer).name("capitals-small").dataset(capitals)
        .function((inputs, gt) -> small.answer((String) inputs.get("question")))
        .evaluator("contains_answer", (outputs, inputs, gt) -> outputs.toString().contains((String) gt.get("answer")))
        .enrichment(EnrichmentContext.builder().abVariant("A").config("model", "gpt-4o-mini").build())
        .build();
    Experiment b = Experiment.builder(tracer).name("capitals-large").dataset(capitals)
        .function((inputs, gt) -> large.answer((String) inputs.get("question")))
        .evaluator("contains_answer", (outputs, inputs, gt) -> outputs.toString().contains((String) gt.get("answer")))
        .enrichment(EnrichmentContext.builder().abVariant("B").config("model", "gpt-4o").build())
        .build();

    ExperimentComparison comparison = Experiment.compare(a, b);   // two runs, then B compared with A, printed
    double gain = comparison.delta("contains_answer");
    // end snippet
    return comparison;
  }

  void gate(Experiment experiment) {
    // snippet: experiments-gate
    ExperimentResult result = experiment.run();
    if (!(result.mean("contains_answer") >= 0.8) || result.failed() > 0) {   // NaN (no scores) fails too
      throw new AssertionError("contains_answer fell below 0.8\n" + result.summaryTable());
    }
    // end snippet
  }
}
