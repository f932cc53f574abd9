package ai.honeyhive.langchain4j;

/** HoneyHive's enrichment namespaces: the span attribute prefix and the REST body field. */
enum Namespace {
  METADATA("honeyhive_metadata.", "metadata"),
  METRICS("honeyhive_metrics.", "metrics"),
  FEEDBACK("honeyhive_feedback.", "feedback"),
  USER_PROPERTIES("honeyhive_user_properties.", "user_properties"),
  CONFIG("honeyhive_config.", "config");

  final String prefix;
  final String field;

  Namespace(String prefix, String field) {
    this.prefix = prefix;
    this.field = field;
  }

  /** The namespace whose prefix starts this attribute name, or null. */
  static Namespace ofAttribute(String name) {
    for (Namespace ns : values()) {
      if (name.startsWith(ns.prefix)) {
        return ns;
      }
    }
    return null;
  }
}
