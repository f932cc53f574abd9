package ai.honeyhive.langchain4j.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code honeyhive.*} mistake the way Spring Boot reports a bad property: "APPLICATION
 * FAILED TO START", what is wrong with which property, and what to set instead, rather than the
 * builder's message under a stack of bean-creation errors. Registered in {@code
 * META-INF/spring.factories}.
 */
final class HoneyHivePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidHoneyHivePropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidHoneyHivePropertyException cause) {
    return new FailureAnalysis(cause.description(), cause.action(), cause);
  }
}
