package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.agentic.AgentTelemetry;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import ai.honeyhive.langchain4j.agentic.AgentListenerProbe;
import dev.langchain4j.agentic.agent.AgentInvocationException;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.planner.AgentArgument;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.planner.AgenticSystemTopology;
import dev.langchain4j.agentic.planner.Planner;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.agentic.scope.DefaultAgenticScope;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent listener's callbacks driven directly, in the orders real systems can produce but that
 * are hard to provoke through LangChain4j: an end that never comes, a sub-agent on another thread,
 * callbacks for invocations we never saw, and faults of our own.
 */
class AgentListenerEdgeCasesTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private HoneyHiveTracer tracer;
  private AgentListener listener;
  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() {
    tracer = HoneyHiveTracer.builder().openTelemetry(otel.getOpenTelemetry()).environment(name -> null).build();
    AgentListener l = AgentTelemetry.create(tracer).agentListener();
    listener = l;
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    other.shutdown();
    other.awaitTermination(10, TimeUnit.SECONDS);
    tracer.close();
  }

  /** An agent as LangChain4j describes it to listeners. */
  static final class TestAgent implements AgentInstance {
    private final String name;
    private final AgentInstance parent;
    private final AgenticSystemTopology topology;

    TestAgent(String name, AgentInstance parent, AgenticSystemTopology topology) {
      this.name = name;
      this.parent = parent;
      this.topology = topology;
    }

    @Override
    public Class<?> type() {
      return Object.class;
    }

    @Override
    public Class<? extends Planner> plannerType() {
      return null;
    }

    @Override
    public String name() {
      if (name == null) {
        throw new IllegalStateException("no name");
      }
      return name;
    }

    @Override
    public String agentId() {
      return name;
    }

    @Override
    public String description() {
      return null;
    }

    @Override
    public Type outputType() {
      return String.class;
    }

    @Override
    public String outputKey() {
      return null;
    }

    @Override
    public boolean async() {
      return false;
    }

    @Override
    public List<AgentArgument> arguments() {
      return List.of();
    }

    @Override
    public AgentInstance parent() {
      return parent;
    }

    @Override
    public List<AgentInstance> subagents() {
      return List.of();
    }

    @Override
    public AgenticSystemTopology topology() {
      return topology;
    }
  }

  private static SpanData span(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static AgentResponse response(AgenticScope scope, AgentInstance agent, Map<String, Object> inputs, Object out) {
    return new AgentResponse(scope, agent, inputs, out, null, null);
  }

  @Test
  void anInvocationWhoseEndNeverCameIsEndedAndItsScopeClosedWithTheOneAroundIt() {
    AgenticScope scope = DefaultAgenticScope.ephemeralAgenticScope();
    TestAgent workflow = new TestAgent("flow", null, AgenticSystemTopology.SEQUENCE);
    TestAgent step = new TestAgent("step", workflow, AgenticSystemTopology.NON_AI_AGENT);
    Map<String, Object> inputs = new HashMap<>();

    listener.beforeAgentInvocation(new AgentRequest(scope, workflow, inputs));
    listener.beforeAgentInvocation(new AgentRequest(scope, step, inputs));
    // The step threw past LangChain4j's callbacks (as an agent that suspends the system does).
    assertThat(Span.current().getSpanContext().getSpanId()).isNotEqualTo(Span.getInvalid().getSpanContext().getSpanId());
    listener.afterAgentInvocation(response(scope, workflow, inputs, "done"));

    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(AiServiceTracingTest.tree(otel.getSpans()))
        .containsExactly("invoke_agent flow <- (root)", "invoke_agent step <- invoke_agent flow");
    assertThat(span("invoke_agent step").getEndEpochNanos()).isLessThanOrEqualTo(span("invoke_agent flow").getEndEpochNanos());
    assertThat(span("invoke_agent flow")).hasAttribute(AttributeKey.stringKey("honeyhive_outputs.result"), "done");
    assertThat(AgentListenerProbe.openInvocations(listener)).isZero();
  }

  @Test
  void aSubAgentOnAnotherThreadFindsItsParentIsCurrentThereAndLeavesThatThreadClean() throws Exception {
    AgenticScope scope = DefaultAgenticScope.ephemeralAgenticScope();
    TestAgent workflow = new TestAgent("fan-out", null, AgenticSystemTopology.PARALLEL);
    TestAgent branch = new TestAgent("branch", workflow, AgenticSystemTopology.AI_AGENT);
    listener.beforeAgentInvocation(new AgentRequest(scope, workflow, Map.of()));
    String workflowSpanId = Span.current().getSpanContext().getSpanId();

    AtomicReference<String> currentInBranch = new AtomicReference<>();
    CompletableFuture<Boolean> cleanAfter =
        CompletableFuture.supplyAsync(
            () -> {
              listener.beforeAgentInvocation(new AgentRequest(scope, branch, Map.of()));
              currentInBranch.set(Span.current().getSpanContext().getSpanId());
              listener.afterAgentInvocation(response(scope, branch, Map.of(), "leaf"));
              return Context.current() == Context.root();
            },
            other);
    assertThat(cleanAfter.get(10, TimeUnit.SECONDS)).isTrue();
    listener.afterAgentInvocation(response(scope, workflow, Map.of(), "all"));

    assertThat(AiServiceTracingTest.tree(otel.getSpans()))
        .containsExactly("invoke_agent fan-out <- (root)", "invoke_agent branch <- invoke_agent fan-out");
    assertThat(span("invoke_agent branch").getParentSpanId()).isEqualTo(workflowSpanId);
    assertThat(currentInBranch.get()).isEqualTo(span("invoke_agent branch").getSpanId());
    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(AgentListenerProbe.openInvocations(listener)).isZero();
  }

  @Test
  void anErrorIsRecordedAsTheAgentThrewIt() {
    AgenticScope scope = DefaultAgenticScope.ephemeralAgenticScope();
    TestAgent agent = new TestAgent("solo", null, AgenticSystemTopology.AI_AGENT);
    IllegalArgumentException thrown = new IllegalArgumentException("bad topic");
    listener.beforeAgentInvocation(new AgentRequest(scope, agent, Map.of()));

    listener.onAgentInvocationError(
        new AgentInvocationError(
            scope,
            agent,
            Map.of(),
            new AgentInvocationException("Failed to invoke agent method", new InvocationTargetException(thrown))));

    assertThat(span("invoke_agent solo"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("bad topic"))
        .hasAttribute(AttributeKey.stringKey("error.type"), "java.lang.IllegalArgumentException")
        .hasAttribute(AttributeKey.stringKey("honeyhive_error"), "bad topic");
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void callbacksForInvocationsNeverStartedAreIgnored() {
    AgenticScope scope = DefaultAgenticScope.ephemeralAgenticScope();
    TestAgent agent = new TestAgent("ghost", null, AgenticSystemTopology.AI_AGENT);

    listener.afterAgentInvocation(response(scope, agent, Map.of(), "x"));
    listener.onAgentInvocationError(new AgentInvocationError(scope, agent, Map.of(), new RuntimeException("x")));
    listener.onAgenticSystemSuspended(scope);

    assertThat(otel.getSpans()).isEmpty();
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void aFaultOfOursIsCountedAndNeverReachesLangChain4j() {
    AgenticScope scope = DefaultAgenticScope.ephemeralAgenticScope();
    TestAgent broken = new TestAgent(null, null, AgenticSystemTopology.AI_AGENT);

    listener.beforeAgentInvocation(new AgentRequest(scope, broken, Map.of()));
    listener.afterAgentInvocation(response(scope, broken, Map.of(), "x"));

    assertThat(TracerProbe.internalFailureCount(tracer)).isEqualTo(1);
    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(AgentListenerProbe.openInvocations(listener)).isZero();
  }

  @Test
  void wrappersAreUnwrappedDownToWhatTheAgentThrew() {
    IllegalStateException real = new IllegalStateException("real");
    assertThat(AgentListenerProbe.cause(new AgentInvocationException("x", new InvocationTargetException(real))))
        .isSameAs(real);
    RuntimeException plain = new RuntimeException("plain", real);
    assertThat(AgentListenerProbe.cause(plain)).isSameAs(plain);
    assertThat(AgentListenerProbe.cause(null)).isNull();
  }
}
