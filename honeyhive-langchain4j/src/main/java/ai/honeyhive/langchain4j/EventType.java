package ai.honeyhive.langchain4j;

/** HoneyHive's event types, as recorded in {@code honeyhive_event_type}. */
public enum EventType {
  /** A call to a model: chat, embeddings, moderation. */
  MODEL("model"),
  /** A tool, retrieval or guardrail: one step with parameters and a result. */
  TOOL("tool"),
  /** An orchestration step that contains others, such as an AI-service method call. */
  CHAIN("chain");

  private final String value;

  EventType(String value) {
    this.value = value;
  }

  /**
   * The value HoneyHive reads: {@code model}, {@code tool} or {@code chain}.
   *
   * @return the lowercase name stored in {@code honeyhive_event_type}; never null
   */
  public String value() {
    return value;
  }
}
