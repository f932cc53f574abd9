package ai.honeyhive.langchain4j.agentic;

import dev.langchain4j.agentic.observability.AgentListener;

/** What tests in other packages may read of the package-private agent listener. */
public final class AgentListenerProbe {

  public static int openInvocations(AgentListener listener) {
    return ((HoneyHiveAgentListener) listener).openInvocations();
  }

  public static int openTools(AgentListener listener) {
    return ((HoneyHiveAgentListener) listener).openTools();
  }

  public static Throwable cause(Throwable error) {
    return HoneyHiveAgentListener.cause(error);
  }

  private AgentListenerProbe() {}
}
