package ai.honeyhive.langchain4j.internal;

/** HoneyHive's enrichment namespaces: the span attribute prefix and the REST body field. */
/** Internal: not part of the public API; may change at any time. */
public enum Namespace {
  METADATA("honeyhive_metadata.", "metadata"),
  METRICS("honeyhive_metrics.", "metrics"),
  FEEDBACK("honeyhive_feedback.", "feedback"),
  USER_PROPERTIES("honeyhive_user_properties.", "user_properties"),
  CONFIG("honeyhive_config.", "config"),
  INPUTS("honeyhive_inputs.", "inputs", true),
  OUTPUTS("honeyhive_outputs.", "outputs", true),
  /** One plain string, {@code honeyhive_error}: its only key is the empty string. */
  ERROR("honeyhive_error", "error", true),
  /** The error's type, {@code honeyhive_error_type}; its only key is the empty string. */
  ERROR_TYPE("honeyhive_error_type", "error_type", true);

  public final String prefix;
  public final String field;

  /**
   * Whether values describe one event's own inputs, outputs or error: such values go on the span
   * they are enriched onto, never on model or tool spans that merely run under a context.
   */
  public final boolean eventOwn;

  Namespace(String prefix, String field) {
    this(prefix, field, false);
  }

  Namespace(String prefix, String field, boolean eventOwn) {
    this.prefix = prefix;
    this.field = field;
    this.eventOwn = eventOwn;
  }

  /** The namespace whose prefix starts this attribute name, or null. */
  public static Namespace ofAttribute(String name) {
    for (Namespace ns : values()) {
      if (ns.eventOwn) {
        continue;
      }
      if (name.startsWith(ns.prefix)) {
        return ns;
      }
    }
    return null;
  }
}
