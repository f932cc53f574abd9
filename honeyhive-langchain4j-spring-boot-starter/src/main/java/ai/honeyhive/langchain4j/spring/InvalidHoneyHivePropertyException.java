package ai.honeyhive.langchain4j.spring;

/**
 * A {@code honeyhive.*} property (or its {@code HH_*} fallback) that the tracer cannot start with.
 * {@link HoneyHivePropertyFailureAnalyzer} turns it into Spring Boot's startup report; the message
 * holds the same description and action for contexts that report no analysis.
 */
final class InvalidHoneyHivePropertyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String description;
  private final String action;

  InvalidHoneyHivePropertyException(String property, String description, String action) {
    super(description + " " + action);
    this.property = property;
    this.description = description;
    this.action = action;
  }

  String property() {
    return property;
  }

  String description() {
    return description;
  }

  String action() {
    return action;
  }
}
