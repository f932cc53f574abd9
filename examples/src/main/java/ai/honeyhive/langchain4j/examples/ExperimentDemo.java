package ai.honeyhive.langchain4j.examples;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.experiments.Datapoint;
import ai.honeyhive.langchain4j.experiments.Dataset;
import ai.honeyhive.langchain4j.experiments.Experiment;
import ai.honeyhive.langchain4j.experiments.ExperimentResult;
import ai.honeyhive.langchain4j.experiments.LlmJudge;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.Map;

/**
 * An experiment: ten questions through a traced AI service, scored by a code evaluator and an LLM
 * judge, recorded as a run in HoneyHive, with the summary table printed.
 *
 * <p>Runs anywhere: without {@code OPENAI_API_KEY} the models are an in-process OpenAI stand-in
 * (which answers every question with Paris, so some answers are wrong); without {@code HH_API_KEY}
 * the run goes to an in-process HoneyHive stand-in, and the requests it received are printed.
 */
public final class ExperimentDemo {

  /** The application under test: LangChain4j implements it. */
  interface Assistant {
    String answer(String question);
  }

  public static void main(String[] args) throws Exception {
    String openAiKey = System.getenv("OPENAI_API_KEY");
    String hhKey = System.getenv("HH_API_KEY");
    try (OpenAiStandIn openAi = openAiKey == null ? OpenAiStandIn.start() : null;
        HoneyHiveStandIn honeyHive = hhKey == null ? HoneyHiveStandIn.start() : null) {
      HoneyHiveTracer tracer =
          honeyHive != null
              ? HoneyHiveTracer.builder().apiKey("demo").project("experiments-demo").serverUrl(honeyHive.serverUrl()).build()
              : HoneyHiveTracer.builder().project(System.getenv().getOrDefault("HH_PROJECT", "experiments-demo")).build();
      ChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(openAi != null ? openAi.baseUrl() : System.getenv("OPENAI_BASE_URL"))
              .apiKey(openAiKey != null ? openAiKey : "demo")
              .modelName("gpt-4o-mini")
              .listeners(List.of(tracer.chatModelListener()))
              .build();
      Assistant assistant =
          tracer.decorate(Assistant.class, tracer.configure(AiServices.builder(Assistant.class)).chatModel(model).build());

      ExperimentResult result =
          Experiment.builder(tracer)
              .name("capitals-demo")
              .dataset(capitals())
              .function("answer", (inputs, groundTruth) -> assistant.answer((String) inputs.get("question")))
              .evaluator("contains_answer", (outputs, inputs, groundTruth) ->
                  outputs.toString().contains((String) groundTruth.get("answer")))
              .evaluator(
                  LlmJudge.builder(model)
                      .name("correctness")
                      .rubric("1 if the output names the city in the ground truth, else 0")
                      .build())
              .maxConcurrency(4)
              .build()
              .run();

      tracer.close();
      if (honeyHive != null) {
        System.out.println("The HoneyHive stand-in received (span exports left out):");
        for (String request : honeyHive.restRequests()) {
          System.out.println("  " + (request.length() > 240 ? request.substring(0, 239) + "…" : request));
        }
      }
      System.out.printf("contains_answer mean %.2f over %d datapoints%n", result.mean("contains_answer"), result.rows().size());
    }
  }

  static Dataset capitals() {
    return Dataset.of(
        q("What is the capital of France?", "Paris"),
        q("Which city is the seat of the French government?", "Paris"),
        q("Where is the Louvre?", "Paris"),
        q("What is the capital of Germany?", "Berlin"),
        q("What is the capital of Italy?", "Rome"),
        q("Which city hosts the Eiffel Tower?", "Paris"),
        q("What is the capital of Spain?", "Madrid"),
        q("In which city is the Élysée Palace?", "Paris"),
        q("What is the capital of Japan?", "Tokyo"),
        q("Which French city is called the City of Light?", "Paris"));
  }

  private static Datapoint q(String question, String answer) {
    return Datapoint.of(Map.of("question", question), Map.of("answer", answer));
  }
}
