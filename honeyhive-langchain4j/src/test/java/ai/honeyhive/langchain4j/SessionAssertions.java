package ai.honeyhive.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import java.util.ArrayList;
import java.util.List;

/** The session attributes every span carries, in one place for the tests' exact assertions. */
final class SessionAssertions {

  /** A tracer's own session (no baggage): id, project, source, auto-create and session name. */
  static List<AttributeAssertion> session(String sessionId, String project, String source, String sessionName) {
    List<AttributeAssertion> all = new ArrayList<>();
    all.add(equalTo(AttributeKey.stringKey("honeyhive.session_id"), sessionId));
    all.add(equalTo(AttributeKey.stringKey("traceloop.association.properties.session_id"), sessionId));
    all.add(equalTo(AttributeKey.stringKey("honeyhive.project"), project));
    all.add(equalTo(AttributeKey.stringKey("traceloop.association.properties.project"), project));
    all.add(equalTo(AttributeKey.stringKey("honeyhive.source"), source));
    all.add(equalTo(AttributeKey.stringKey("traceloop.association.properties.source"), source));
    all.add(equalTo(AttributeKey.booleanKey("honeyhive.session_auto_create"), true));
    all.add(equalTo(AttributeKey.stringKey("honeyhive.session_name"), sessionName));
    return all;
  }

  private SessionAssertions() {}
}
