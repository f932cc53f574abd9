package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.agentic.AgentTelemetry;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.AgentFixture.Editor;
import ai.honeyhive.langchain4j.AgentFixture.Forecaster;
import ai.honeyhive.langchain4j.AgentFixture.ScriptedModel;
import ai.honeyhive.langchain4j.AgentFixture.Sketcher;
import ai.honeyhive.langchain4j.AgentFixture.StoryWorkflow;
import ai.honeyhive.langchain4j.AgentFixture.WeatherTool;
import ai.honeyhive.langchain4j.AgentFixture.Writer;
import ai.honeyhive.langchain4j.agentic.AgentListenerProbe;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.agent.AgentInvocationException;
import dev.langchain4j.agentic.internal.SuspendedResponse;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.scope.AgenticSystemSuspendedException;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
import dev.langchain4j.agentic.workflow.HumanInTheLoop;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real agentic systems from {@code langchain4j-agentic} (sequence, parallel, loop, conditional,
 * supervisor, human in the loop) traced by one listener registered on the outermost builder: the
 * exact span trees, their attributes, threads, failures, suspension and enrichment.
 */
class AgentTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final String SESSION = "0b8e43a4-6f7c-4d0e-9a61-2c5d7e8f9a01";
  private static final String STORY = "<Write a story about dragons.>";
  private static final String EDITED = "<Edit: " + STORY + ">";

  private HoneyHiveTracer tracer;
  private ScriptedModel model;
  private AgentListener listener;

  /** Runs the parallel workflow's agents; counts tasks that left a context current on the pool. */
  private ExecutorService pool;

  private final Set<String> poolThreads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger leakedContexts = new AtomicInteger();

  @BeforeEach
  void setUp() {
    tracer = tracer(true);
    model = new ScriptedModel(tracer.chatModelListener());
    listener = AgentTelemetry.create(tracer).agentListener();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    tracer.close();
  }

  private HoneyHiveTracer tracer(boolean captureContent) {
    return HoneyHiveTracer.builder()
        .openTelemetry(otel.getOpenTelemetry())
        .project("agents")
        .sessionId(SESSION)
        .captureContent(captureContent)
        .environment(name -> null)
        .build();
  }

  private java.util.concurrent.Executor tracking(ExecutorService pool) {
    return task ->
        pool.execute(
            () -> {
              poolThreads.add(Thread.currentThread().getName());
              try {
                task.run();
              } finally {
                if (Context.current() != Context.root()) {
                  leakedContexts.incrementAndGet();
                }
              }
            });
  }

  private Writer writer() {
    return AgenticServices.agentBuilder(Writer.class).chatModel(model).build();
  }

  private Editor editor() {
    return AgenticServices.agentBuilder(Editor.class).chatModel(model).build();
  }

  private Forecaster forecaster() {
    return AgenticServices.agentBuilder(Forecaster.class).chatModel(model).tools(new WeatherTool()).build();
  }

  private StoryWorkflow storyWorkflow() {
    return AgenticServices.sequenceBuilder(StoryWorkflow.class)
        .subAgents(writer(), editor())
        .outputKey("edited")
        .listener(listener)
        .build();
  }

  private UntypedAgent parallelWorkflow() {
    return AgenticServices.parallelBuilder()
        .name("research")
        .subAgents(writer(), forecaster())
        .executor(tracking(pool))
        .listener(listener)
        .build();
  }

  /** "name <- parent name" for every span, in start order. */
  private static List<String> tree() {
    return AiServiceTracingTest.tree(otel.getSpans());
  }

  private static SpanData one(String name) {
    List<SpanData> found =
        otel.getSpans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<AttributeAssertion> agentSpan(AttributeAssertion... more) {
    List<AttributeAssertion> all =
        new ArrayList<>(SessionAssertions.session(SESSION, "agents", "dev", "agents"));
    all.add(equalTo(AttributeKey.stringKey("honeyhive_event_type"), "chain"));
    all.add(equalTo(AttributeKey.stringKey("gen_ai.operation.name"), "invoke_agent"));
    all.addAll(List.of(more));
    return all;
  }

  private void assertNothingLeftOpen() {
    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(leakedContexts.get()).isZero();
    assertThat(AgentListenerProbe.openInvocations(listener)).isZero();
    assertThat(AgentListenerProbe.openTools(listener)).isZero();
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void aSequenceOfTwoAgentsIsOneTreeOfWorkflowAgentsAndModelCalls() {
    String result = storyWorkflow().tell("user-1", "dragons");

    assertThat(result).isEqualTo(EDITED);
    assertThat(tree())
        .containsExactly(
            "invoke_agent tell <- (root)",
            "invoke_agent writer <- invoke_agent tell",
            "chat story-model-1 <- invoke_agent writer",
            "invoke_agent editor <- invoke_agent tell",
            "chat story-model-1 <- invoke_agent editor");
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(spans.get(0).getTraceId()));
    assertThat(spans)
        .allSatisfy(
            s ->
                assertThat(s)
                    .hasAttribute(AttributeKey.stringKey("honeyhive.session_id"), SESSION)
                    .hasAttribute(AttributeKey.stringKey("gen_ai.conversation.id"), "user-1"));

    assertThat(one("invoke_agent tell"))
        .hasKind(SpanKind.INTERNAL)
        .hasAttributesSatisfyingExactly(
            agentSpan(
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "tell"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.id"), "tell"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "sequence"),
                equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "user-1"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.memory_id"), "user-1"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.topic"), "dragons"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.edited"), EDITED)));
    assertThat(one("invoke_agent writer"))
        .hasKind(SpanKind.INTERNAL)
        .hasAttributesSatisfyingExactly(
            agentSpan(
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "writer"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.id"), "writer$0"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.description"), "Writes a short story"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "ai_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "user-1"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.topic"), "dragons"),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.story"), STORY)));
    assertThat(one("invoke_agent editor"))
        .hasAttributesSatisfyingExactly(
            agentSpan(
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "editor"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.id"), "editor$1"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.description"), "Edits a story"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "ai_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), "user-1"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.story"), STORY),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.edited"), EDITED)));
    // Each span ends inside its parent: the workflow lasts as long as its agents.
    SpanData workflow = one("invoke_agent tell");
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getStartEpochNanos()).isGreaterThanOrEqualTo(workflow.getStartEpochNanos());
              assertThat(s.getEndEpochNanos()).isLessThanOrEqualTo(workflow.getEndEpochNanos());
            });
    assertNothingLeftOpen();
  }

  @Test
  void parallelAgentsOnOtherThreadsNestUnderTheWorkflowWithTheirModelCallsAndTools() {
    parallelWorkflow().invoke(Map.of("topic", "dragons", "city", "Paris"));

    // The two branches run concurrently: compare the tree without their relative order.
    assertThat(tree())
        .containsExactlyInAnyOrder(
            "invoke_agent research <- (root)",
            "invoke_agent writer <- invoke_agent research",
            "chat story-model-1 <- invoke_agent writer",
            "invoke_agent forecaster <- invoke_agent research",
            "chat story-model-1 <- invoke_agent forecaster",
            "execute_tool get_weather <- invoke_agent forecaster",
            "chat story-model-1 <- invoke_agent forecaster");
    assertThat(tree().get(0)).isEqualTo("invoke_agent research <- (root)");
    // The agents and their models ran on the pool, not on the caller's thread.
    assertThat(model.threads).isSubsetOf(poolThreads).doesNotContain(Thread.currentThread().getName());
    assertThat(one("invoke_agent research"))
        .hasAttributesSatisfyingExactly(
            agentSpan(
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "research"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.id"), "research"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "parallel"),
                equalTo(
                    AttributeKey.stringKey("gen_ai.conversation.id"),
                    one("invoke_agent research").getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id"))),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.topic"), "dragons"),
                equalTo(AttributeKey.stringKey("honeyhive_inputs.city"), "Paris")));
    assertThat(one("execute_tool get_weather"))
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute(AttributeKey.stringKey("honeyhive_event_type"), "tool")
        .hasAttribute(AttributeKey.stringKey("gen_ai.tool.call.id"), "call-1")
        .hasAttribute(AttributeKey.stringKey("gen_ai.tool.call.arguments"), "{\"city\":\"Paris\"}")
        .hasAttribute(AttributeKey.stringKey("gen_ai.tool.call.result"), "sunny in Paris")
        .hasAttribute(AttributeKey.stringKey("honeyhive.session_id"), SESSION);
    assertThat(one("invoke_agent forecaster"))
        .hasAttribute(AttributeKey.stringKey("honeyhive_outputs.forecast"), "It is sunny in Paris.");
    // An ephemeral agentic scope still has a memory id: every span of the run carries it.
    String conversation =
        one("invoke_agent research").getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id"));
    assertThat(conversation).isNotBlank();
    assertThat(otel.getSpans())
        .filteredOn(s -> !s.getName().startsWith("execute_tool"))
        .allSatisfy(s -> assertThat(s).hasAttribute(AttributeKey.stringKey("gen_ai.conversation.id"), conversation));
    assertNothingLeftOpen();
  }

  @Test
  void aFailingAgentRecordsTheErrorOnItsSpanAndItsWorkflowsAndTheCallerGetsItUnchanged() {
    StoryWorkflow workflow = storyWorkflow();

    assertThatThrownBy(() -> workflow.tell("user-2", "fail fast"))
        .isInstanceOf(AgentInvocationException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("model down");

    assertThat(tree())
        .containsExactly(
            "invoke_agent tell <- (root)",
            "invoke_agent writer <- invoke_agent tell",
            "chat story-model-1 <- invoke_agent writer");
    for (String name : List.of("invoke_agent tell", "invoke_agent writer", "chat story-model-1")) {
      SpanData span = one(name);
      assertThat(span)
          .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("model down"))
          .hasAttribute(AttributeKey.stringKey("error.type"), "java.lang.IllegalStateException")
          .hasAttribute(AttributeKey.stringKey("honeyhive_error"), "model down");
      assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    }
    assertThat(one("invoke_agent writer").getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.story")))
        .isNull();
    assertNothingLeftOpen();
  }

  @Test
  void enrichmentCurrentWhenTheWorkflowStartsReachesEverySpanOnEveryThread() {
    EnrichmentContext request =
        EnrichmentContext.builder()
            .userProperty("user_id", "u-7")
            .metadata("feature", "stories")
            .input("request", "research dragons")
            .build();
    try (Scope ignored = request.makeCurrent()) {
      parallelWorkflow().invoke(Map.of("topic", "dragons", "city", "Paris"));
    }

    assertThat(otel.getSpans()).hasSize(7);
    assertThat(otel.getSpans())
        .allSatisfy(
            s ->
                assertThat(s)
                    .hasAttribute(AttributeKey.stringKey("honeyhive_user_properties.user_id"), "u-7")
                    .hasAttribute(AttributeKey.stringKey("honeyhive_metadata.feature"), "stories"));
    // The request's own inputs belong to its outermost span only, not to every step inside it.
    assertThat(otel.getSpans())
        .filteredOn(s -> s.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.request")) != null)
        .extracting(SpanData::getName)
        .containsExactly("invoke_agent research");
    assertNothingLeftOpen();
  }

  @Test
  void nestedLoopAndConditionalWorkflowsAreParentsOfTheirAgentsInTheOrderTheyRan() {
    UntypedAgent loop = AgenticServices.loopBuilder().name("review").subAgents(writer(), editor()).maxIterations(2).build();
    UntypedAgent conditional =
        AgenticServices.conditionalBuilder()
            .name("outline")
            .subAgents(scope -> true, new Sketcher())
            .subAgents(scope -> false, editor())
            .build();
    UntypedAgent root =
        AgenticServices.sequenceBuilder()
            .name("book")
            .subAgents(loop, conditional)
            .outputKey("edited")
            .listener(listener)
            .build();

    root.invoke(Map.of("topic", "dragons"));

    assertThat(tree())
        .containsExactly(
            "invoke_agent book <- (root)",
            "invoke_agent review <- invoke_agent book",
            "invoke_agent writer <- invoke_agent review",
            "chat story-model-1 <- invoke_agent writer",
            "invoke_agent editor <- invoke_agent review",
            "chat story-model-1 <- invoke_agent editor",
            "invoke_agent writer <- invoke_agent review",
            "chat story-model-1 <- invoke_agent writer",
            "invoke_agent editor <- invoke_agent review",
            "chat story-model-1 <- invoke_agent editor",
            "invoke_agent outline <- invoke_agent book",
            "invoke_agent sketcher <- invoke_agent outline");
    assertThat(one("invoke_agent review")).hasAttribute(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "loop");
    assertThat(one("invoke_agent outline"))
        .hasAttribute(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "router");
    // A nested workflow reads the whole state; LangChain4j's own planner bookkeeping is left out.
    assertThat(one("invoke_agent outline").getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .filteredOn(k -> k.startsWith("honeyhive_inputs."))
        .containsExactlyInAnyOrder("honeyhive_inputs.topic", "honeyhive_inputs.story", "honeyhive_inputs.edited");
    // A value that cannot be serialised is named, and tracing goes on.
    assertThat(one("invoke_agent sketcher"))
        .hasAttribute(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "non_ai_agent")
        .hasAttribute(
            AttributeKey.stringKey("honeyhive_outputs.outline"),
            "[unserializable ai.honeyhive.langchain4j.AgentFixture$Unwritable: JsonMappingException]");
    assertNothingLeftOpen();
  }

  @Test
  void aSupervisorIsTheParentOfItsPlanningCallsAndOfTheAgentsItChose() {
    SupervisorAgent supervisor =
        AgenticServices.supervisorBuilder()
            .name("supervisor")
            .chatModel(model)
            .subAgents(writer())
            .responseStrategy(SupervisorResponseStrategy.LAST)
            .listener(listener)
            .build();

    String answer = supervisor.invoke("write about otters");

    assertThat(answer).isEqualTo("<Write a story about otters.>");
    assertThat(tree())
        .containsExactly(
            "invoke_agent supervisor <- (root)",
            "chat story-model-1 <- invoke_agent supervisor",
            "invoke_agent writer <- invoke_agent supervisor",
            "chat story-model-1 <- invoke_agent writer",
            "chat story-model-1 <- invoke_agent supervisor");
    // The topology is what LangChain4j reports: its supervisor's planner does not say, so "sequence".
    assertThat(one("invoke_agent supervisor"))
        .hasAttribute(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "sequence")
        .hasAttribute(AttributeKey.stringKey("honeyhive_inputs.request"), "write about otters")
        .hasAttribute(AttributeKey.stringKey("honeyhive_outputs.result"), "<Write a story about otters.>");
    assertNothingLeftOpen();
  }

  @Test
  void aSuspensionForAHumanIsAnEventOnTheWorkflowWhichEnds() {
    // LangChain4j 1.19 gives a root workflow's listener to its AI sub-agents and nested
    // workflows, not to a human-in-the-loop step directly beneath it: that one takes it itself.
    HumanInTheLoop approval =
        AgenticServices.humanInTheLoopBuilder()
            .outputKey("approval")
            .responseProvider(scope -> new SuspendedResponse<>("approve-1"))
            .listener(listener)
            .build();
    UntypedAgent workflow =
        AgenticServices.sequenceBuilder().name("publish").subAgents(writer(), approval).listener(listener).build();

    assertThatThrownBy(() -> workflow.invoke(Map.of("topic", "dragons")))
        .isInstanceOf(AgenticSystemSuspendedException.class);

    assertThat(tree())
        .containsExactly(
            "invoke_agent publish <- (root)",
            "invoke_agent writer <- invoke_agent publish",
            "chat story-model-1 <- invoke_agent writer",
            "invoke_agent askUser <- invoke_agent publish");
    SpanData publish = one("invoke_agent publish");
    assertThat(publish)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET))
        .hasAttribute(AttributeKey.booleanKey("honeyhive_metadata.agent_suspended"), true)
        .hasEventsSatisfyingExactly(
            event ->
                event
                    .hasName("agentic_system_suspended")
                    .hasAttributes(
                        Attributes.of(AttributeKey.stringArrayKey("pending_response_ids"), List.of("approve-1"))));
    assertThat(one("invoke_agent askUser"))
        .hasAttribute(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "human_in_the_loop")
        .hasAttribute(AttributeKey.stringKey("honeyhive_outputs.approval"), "[SuspendedResponse]");
    assertNothingLeftOpen();
  }

  @Test
  void withoutContentCaptureNoInputsOrOutputsAreRecorded() {
    tracer.close();
    tracer = tracer(false);
    model = new ScriptedModel(tracer.chatModelListener());
    listener = AgentTelemetry.create(tracer).agentListener();

    storyWorkflow().tell("user-3", "dragons");

    assertThat(tree()).hasSize(5);
    assertThat(otel.getSpans())
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().asMap().keySet())
                    .extracting(AttributeKey::getKey)
                    .noneMatch(k -> k.startsWith("honeyhive_inputs.") || k.startsWith("honeyhive_outputs.")));
    assertThat(one("invoke_agent writer"))
        .hasAttribute(AttributeKey.stringKey("gen_ai.conversation.id"), "user-3")
        .hasAttribute(AttributeKey.stringKey("gen_ai.agent.id"), "writer$0");
    assertNothingLeftOpen();
  }

  @Test
  void toolsRunConcurrentlyOnOtherThreadsAreToolSpansOfTheirAgent() {
    WeatherTool tool = new WeatherTool();
    Forecaster forecaster =
        AgenticServices.agentBuilder(Forecaster.class)
            .chatModel(model)
            .tools(tool)
            .executeToolsConcurrently(tracking(pool))
            .build();
    UntypedAgent workflow = AgenticServices.sequenceBuilder().name("trip").subAgents(forecaster).listener(listener).build();

    workflow.invoke(Map.of("city", "Paris and Rome"));

    assertThat(tool.threads).isNotEmpty().isSubsetOf(poolThreads);
    List<String> tree = tree();
    assertThat(tree.subList(0, 3))
        .containsExactly(
            "invoke_agent trip <- (root)",
            "invoke_agent forecaster <- invoke_agent trip",
            "chat story-model-1 <- invoke_agent forecaster");
    assertThat(tree.subList(3, 5))
        .containsExactly(
            "execute_tool get_weather <- invoke_agent forecaster",
            "execute_tool get_weather <- invoke_agent forecaster");
    assertThat(tree.get(5)).isEqualTo("chat story-model-1 <- invoke_agent forecaster");
    assertThat(otel.getSpans())
        .filteredOn(s -> s.getName().startsWith("execute_tool"))
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.result")))
        .containsExactlyInAnyOrder("sunny in Paris", "sunny in Rome");
    assertNothingLeftOpen();
  }

  @Test
  void concurrentRunsOfOneSystemEachGetTheirOwnTree() throws Exception {
    UntypedAgent research = parallelWorkflow();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String topic = "topic-" + i;
        runs.add(
            callers.submit(
                () -> {
                  research.invoke(Map.of("topic", topic, "city", "Paris"));
                  if (Context.current() != Context.root()) {
                    leakedContexts.incrementAndGet();
                  }
                }));
      }
      for (java.util.concurrent.Future<?> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdown();
    }

    Map<String, List<SpanData>> traces =
        otel.getSpans().stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    assertThat(traces).hasSize(12);
    for (List<SpanData> trace : traces.values()) {
      assertThat(AiServiceTracingTest.tree(trace))
          .containsExactlyInAnyOrder(
              "invoke_agent research <- (root)",
              "invoke_agent writer <- invoke_agent research",
              "chat story-model-1 <- invoke_agent writer",
              "invoke_agent forecaster <- invoke_agent research",
              "chat story-model-1 <- invoke_agent forecaster",
              "execute_tool get_weather <- invoke_agent forecaster",
              "chat story-model-1 <- invoke_agent forecaster");
      String topic =
          trace.stream()
              .filter(s -> s.getName().equals("invoke_agent research"))
              .findFirst()
              .orElseThrow()
              .getAttributes()
              .get(AttributeKey.stringKey("honeyhive_inputs.topic"));
      assertThat(trace)
          .filteredOn(s -> s.getName().equals("invoke_agent writer"))
          .singleElement()
          .satisfies(s -> assertThat(s).hasAttribute(AttributeKey.stringKey("honeyhive_inputs.topic"), topic));
    }
    assertNothingLeftOpen();
  }

  @Test
  void theListenerIsOneSharedInstanceThatSubAgentsInherit() {
    assertThat(listener).isSameAs(AgentTelemetry.create(tracer).agentListener());
    assertThat(listener.inheritedBySubagents()).isTrue();
  }
}
