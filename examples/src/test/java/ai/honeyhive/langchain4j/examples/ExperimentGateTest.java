package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.experiments.Dataset;
import ai.honeyhive.langchain4j.experiments.Experiment;
import ai.honeyhive.langchain4j.experiments.ExperimentResult;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An experiment as a build gate: the build fails when a metric falls below its threshold, and the
 * failure message is the summary table. Offline here (stand-in model, no API key: the run is local);
 * with {@code HH_API_KEY} set the same test records each run in HoneyHive.
 */
class ExperimentGateTest {

  private static OpenAiStandIn openAi;
  private static HoneyHiveTracer tracer;

  @BeforeAll
  static void start() {
    openAi = OpenAiStandIn.start();
    tracer = HoneyHiveTracer.builder().project("gate").console(true).build();
  }

  @AfterAll
  static void stop() {
    tracer.close();
    openAi.close();
  }

  /** Fails the test, with the summary table as the message, when {@code metric}'s mean is below {@code min}. */
  static void assertMeanAtLeast(ExperimentResult result, String metric, double min) {
    if (!(result.mean(metric) >= min)) {
      fail(String.format("%s mean %.3f is below %.3f%n%s", metric, result.mean(metric), min, result.summaryTable()));
    }
  }

  private static ExperimentResult capitalsRun() {
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(openAi.baseUrl())
            .apiKey("demo")
            .modelName("gpt-4o-mini")
            .listeners(List.of(tracer.chatModelListener()))
            .build();
    Dataset dataset = ExperimentDemo.capitals();
    return Experiment.builder(tracer)
        .name("capitals-gate")
        .dataset(dataset)
        .function((inputs, groundTruth) -> model.chat((String) inputs.get("question")))
        .evaluator("contains_answer", (outputs, inputs, groundTruth) ->
            outputs.toString().contains((String) groundTruth.get("answer")))
        .output(null)
        .build()
        .run();
  }

  @Test
  void capitalsStayAboveTheBar() {
    ExperimentResult result = capitalsRun();
    assertThat(result.failed()).as(result.summaryTable()).isZero();
    assertMeanAtLeast(result, "contains_answer", 0.5);
  }

  @Test
  void belowTheBarTheBuildFailsWithTheTable() {
    ExperimentResult result = capitalsRun();
    assertThatThrownBy(() -> assertMeanAtLeast(result, "contains_answer", 0.9))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("contains_answer mean 0.600 is below 0.900")
        .hasMessageContaining("Experiment capitals-gate")
        .hasMessageContaining("pass rate");
  }
}
