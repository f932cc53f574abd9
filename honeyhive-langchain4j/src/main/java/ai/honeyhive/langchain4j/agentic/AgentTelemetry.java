package ai.honeyhive.langchain4j.agentic;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import dev.langchain4j.agentic.observability.AgentListener;

/**
 * Entry point for tracing LangChain4j's agentic module ({@code langchain4j-agentic} 1.13.0-beta23
 * and later) with a {@link HoneyHiveTracer}. Register its listener once, on the outermost agentic
 * builder; sub-agents inherit it, and the whole system is traced:
 *
 * <pre>{@code
 * UntypedAgent story = AgenticServices.sequenceBuilder()
 *     .subAgents(writer, editor)
 *     .listener(AgentTelemetry.create(tracer).agentListener())
 *     .build();
 * }</pre>
 *
 * <p>Each agent invocation is an {@code invoke_agent {name}} span (a HoneyHive {@code chain} event)
 * with {@code gen_ai.agent.name}, {@code gen_ai.agent.id} and the agentic scope's memory id as
 * {@code gen_ai.conversation.id}; workflows are the parents of their sub-agents, also those a
 * parallel workflow runs on other threads. The agent's span is current while it runs, so the model
 * calls it makes (models with {@link HoneyHiveTracer#chatModelListener()}) nest beneath it. Its
 * tool calls are tool spans; the state it read and wrote are {@code honeyhive_inputs.*} and {@code
 * honeyhive_outputs.*} (if content capture is on); an error is recorded on the span, and a
 * suspension (human in the loop) is an event on the workflow's span.
 *
 * <p>This class names {@code langchain4j-agentic}'s types: use it only where that module is on the
 * classpath. Instances are thread-safe.
 */
public final class AgentTelemetry {

  /** Typed {@code Object}: assigning the listener to its own type would load it while this class is verified, before {@link #create} can say what is missing. */
  private final Object agentListener;

  private AgentTelemetry(Instrumentation instrumentation) {
    this.agentListener = new HoneyHiveAgentListener(instrumentation);
  }

  /**
   * The agent tracing of {@code tracer}: the same instance for the same tracer.
   *
   * @param tracer the tracer whose spans, session and enrichment the agents' spans share
   * @return the tracer's instance; the same on every call
   * @throws NullPointerException if {@code tracer} is null
   * @throws IllegalStateException if {@code langchain4j-agentic} 1.13.0-beta23 or later is not on
   *     the classpath
   */
  public static AgentTelemetry create(HoneyHiveTracer tracer) {
    Instrumentation instrumentation = TracerAccess.instrumentation(tracer);
    if (!LangChain4jFeatures.AGENTIC) {
      throw new IllegalStateException(
          "AgentTelemetry needs dev.langchain4j:langchain4j-agentic 1.13.0-beta23 or later on the classpath"
              + (LangChain4jFeatures.AGENTIC_TOO_OLD ? "; the one there is older" : "; it is not there"));
    }
    return instrumentation.module(AgentTelemetry.class, AgentTelemetry::new);
  }

  /**
   * The listener for an agentic builder's {@code listener(...)}; its sub-agents inherit it.
   *
   * @return this instance's listener; the same on every call
   */
  public AgentListener agentListener() {
    return (AgentListener) agentListener;
  }
}
