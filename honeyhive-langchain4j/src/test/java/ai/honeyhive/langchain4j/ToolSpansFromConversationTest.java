package ai.honeyhive.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.ToolSpans;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tool spans rebuilt from the conversation, what LangChain4j releases before 1.11 get (the compat
 * module runs them through real AI services on 1.0.0 and 1.8.0). Here the pieces, on any release.
 */
class ToolSpansFromConversationTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private final HoneyHiveTracer tracer =
      HoneyHiveTracer.builder().openTelemetry(otel.getOpenTelemetry()).environment(name -> null).build();
  private final ToolSpans.FromConversation tools = new ToolSpans.FromConversation(TracerProbe.instrumentation(tracer));

  private static AiMessage asksFor(String id) {
    return AiMessage.from(
        ToolExecutionRequest.builder().id(id).name("get_weather").arguments("{\"city\":\"Paris\"}").build());
  }

  @Test
  void aToolCallRunsFromTheAnswerThatAskedForItToTheRequestThatCarriesItsResult() {
    Span agent = otel.getOpenTelemetry().getTracer("test").spanBuilder("agent").startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      tools.answered(asksFor("call_1"), Context.current());
    }
    assertThat(otel.getSpans()).isEmpty();
    List<dev.langchain4j.data.message.ChatMessage> next =
        List.of(
            UserMessage.from("Weather in Paris?"),
            asksFor("call_1"),
            ToolExecutionResultMessage.from("call_1", "get_weather", "18 C, sunny"));
    tools.requested(next);
    // Chat memory sends the same result again with every later request: one span, not two.
    tools.requested(next);
    agent.end();

    SpanData tool = otel.getSpans().get(0);
    assertThat(otel.getSpans()).hasSize(2);
    assertThat(tool)
        .hasName("execute_tool get_weather")
        .hasParent(otel.getSpans().get(1))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.id"), "call_1"),
            equalTo(AttributeKey.stringKey("honeyhive_inputs.city"), "Paris"),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "18 C, sunny"),
            equalTo(AttributeKey.stringKey("honeyhive_event_type"), "tool"),
            equalTo(ToolSpans.SOURCE, "conversation"));
    assertThat(tools.pending()).isZero();
  }

  @Test
  void aResultNobodyAskedForMakesNoSpanAndAnAnswerWithoutToolsOpensNone() {
    tools.answered(AiMessage.from("Paris."), Context.root());
    tools.requested(List.of(ToolExecutionResultMessage.from("call_unknown", "get_weather", "18 C")));

    assertThat(otel.getSpans()).isEmpty();
    assertThat(tools.pending()).isZero();
  }

  @Test
  void callsWhoseResultsNeverComeAreEndedAndCountedOnceTooManyWait() {
    for (int i = 0; i < ToolSpans.FromConversation.MAX_PENDING; i++) {
      tools.answered(asksFor("call_" + i), Context.root());
    }
    assertThat(otel.getSpans()).isEmpty();

    tools.answered(asksFor("one_more"), Context.root());

    assertThat(tools.abandoned()).isEqualTo(ToolSpans.FromConversation.MAX_PENDING);
    assertThat(tools.pending()).isEqualTo(1);
    assertThat(otel.getSpans()).hasSize(ToolSpans.FromConversation.MAX_PENDING);
    assertThat(otel.getSpans())
        .allSatisfy(s -> assertThat(s.getAttributes().get(ToolSpans.ABANDONED)).isTrue());
  }
}
