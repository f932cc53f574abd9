package ai.honeyhive.langchain4j.quarkus.deployment;

import ai.honeyhive.langchain4j.quarkus.AiServiceSpans;
import ai.honeyhive.langchain4j.quarkus.HoneyHiveChatModelListener;
import ai.honeyhive.langchain4j.quarkus.HoneyHiveTracing;
import ai.honeyhive.langchain4j.quarkus.RequestEnrichmentRoute;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.ExcludedTypeBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;

/**
 * Build steps of the HoneyHive extension: its beans, Quarkus LangChain4j's chat span left out (one
 * span per model call), and Quarkus LangChain4j's tool spans with their arguments and results.
 */
public class HoneyHiveProcessor {

  private static final String FEATURE = "honeyhive-langchain4j";

  /**
   * Quarkus LangChain4j's chat-model span ({@code completion {model}}): this extension's listener
   * makes the model span, with the attributes HoneyHive reads, so Quarkus LangChain4j's is left
   * out and a model call is one span (docs/quarkus.md says why this one).
   */
  static final String QUARKUS_CHAT_SPANS = "io.quarkiverse.langchain4j.runtime.listeners.SpanChatModelListener";

  /** Quarkus creates it to run the build steps. */
  public HoneyHiveProcessor() {}

  @BuildStep
  FeatureBuildItem feature() {
    return new FeatureBuildItem(FEATURE);
  }

  @BuildStep
  AdditionalBeanBuildItem beans() {
    return AdditionalBeanBuildItem.builder()
        .addBeanClasses(
            HoneyHiveTracing.class, HoneyHiveChatModelListener.class, AiServiceSpans.class, RequestEnrichmentRoute.class)
        .setUnremovable()
        .build();
  }

  @BuildStep
  void oneSpanPerModelCall(BuildProducer<ExcludedTypeBuildItem> excluded) {
    excluded.produce(new ExcludedTypeBuildItem(QUARKUS_CHAT_SPANS));
  }

  /**
   * Quarkus LangChain4j's tool spans carry the tool's arguments and result, which HoneyHive shows
   * as the tool event's inputs and outputs; with {@code quarkus.honeyhive.capture-content=false}
   * HoneyHive's copy of the span drops them. Set these two properties to false to keep them off
   * every span.
   */
  @BuildStep
  void toolContent(BuildProducer<RunTimeConfigurationDefaultBuildItem> defaults) {
    defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.langchain4j.tracing.include-tool-arguments", "true"));
    defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.langchain4j.tracing.include-tool-result", "true"));
  }
}
