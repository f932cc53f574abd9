package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.agentic.AgentTelemetry;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.JSONRPC_REQUEST_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_METHOD_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.NETWORK_TRANSPORT;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import ai.honeyhive.langchain4j.AgentFixture.Adder;
import ai.honeyhive.langchain4j.AgentFixture.ScriptedModel;
import ai.honeyhive.langchain4j.AgentFixture.Writer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.McpClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents and MCP together: a sequence of two real agents from {@code langchain4j-agentic}, the
 * second of which calls a tool of {@code @modelcontextprotocol/server-everything} (see {@link
 * McpServerEverything}) through LangChain4j's {@code McpToolProvider}. One trace, from the workflow
 * down to the MCP request, in the session; the server receives that trace's context.
 */
class AgentMcpTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final String SESSION = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  private static final String STORY = "<Write a story about otters.>";
  private static final String SUM = "The sum of 2 and 3 is 5.";

  @TempDir Path dir;

  private final List<HoneyHiveTracer> tracers = new ArrayList<>();
  private final List<McpServerEverything.StdioClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    stopClients();
    for (HoneyHiveTracer tracer : tracers) {
      tracer.close();
    }
  }

  private HoneyHiveTracer tracer(boolean console) {
    HoneyHiveTracerBuilder builder =
        HoneyHiveTracer.builder().project("agents-mcp").sessionId(SESSION).environment(name -> null);
    HoneyHiveTracer tracer =
        console ? builder.console(true).build() : builder.openTelemetry(otel.getOpenTelemetry()).build();
    tracers.add(tracer);
    return tracer;
  }

  /** Closes the clients and ends their servers, so that everything a server read is in its file. */
  private void stopClients() throws Exception {
    for (McpServerEverything.StdioClient client : clients) {
      client.close();
    }
    clients.clear();
  }


  /** The MCP client, registered as the docs say; what the server reads goes to {@code received}. */
  private McpClient mcpClient(HoneyHiveTracer tracer, Path received) throws Exception {
    McpServerEverything.StdioClient client = McpServerEverything.stdioClient(tracer, received);
    clients.add(client);
    return client.client;
  }


  /** writer, then adder: the adder's model asks for the MCP server's {@code get-sum}. */
  private static UntypedAgent workflow(HoneyHiveTracer tracer, McpClient client) {
    ScriptedModel model = new ScriptedModel(tracer.chatModelListener());
    Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model).build();
    Adder adder =
        AgenticServices.agentBuilder(Adder.class)
            .chatModel(model)
            .toolProvider(McpToolProvider.builder().mcpClients(client).build())
            .build();
    return AgenticServices.sequenceBuilder()
        .name("report")
        .subAgents(writer, adder)
        .outputKey("sum")
        .listener(AgentTelemetry.create(tracer).agentListener())
        .build();
  }

  private static Map<String, Object> inputs() {
    return Map.of("topic", "otters", "a", 2, "b", 3);
  }

  @Test
  void aSequenceWhoseSecondAgentCallsAnMcpToolIsOneTraceAndTheServerContinuesIt() throws Exception {
    HoneyHiveTracer tracer = tracer(false);
    Path received = dir.resolve("received.jsonl");
    UntypedAgent report = workflow(tracer, mcpClient(tracer, received));

    assertThat(report.invoke(inputs())).isEqualTo(SUM);

    List<SpanData> spans = otel.getSpans();
    // initialize runs when the client is built, before the workflow: a trace of its own.
    assertThat(AiServiceTracingTest.tree(spans))
        .containsExactly(
            "initialize <- (root)",
            "invoke_agent report <- (root)",
            "invoke_agent writer <- invoke_agent report",
            "chat story-model-1 <- invoke_agent writer",
            "invoke_agent adder <- invoke_agent report",
            "tools/list <- invoke_agent adder",
            "chat story-model-1 <- invoke_agent adder",
            "execute_tool get-sum <- invoke_agent adder",
            "tools/call get-sum <- execute_tool get-sum",
            "chat story-model-1 <- invoke_agent adder");
    SpanData workflow = one(spans, "invoke_agent report");
    SpanData initialize = one(spans, "initialize");
    List<SpanData> trace =
        spans.stream().filter(s -> s != initialize).collect(Collectors.toList());
    assertThat(trace).hasSize(9).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(workflow.getTraceId()));
    assertThat(initialize.getTraceId()).isNotEqualTo(workflow.getTraceId());
    assertThat(spans)
        .allSatisfy(s -> assertThat(s).hasAttribute(AttributeKey.stringKey("honeyhive.session_id"), SESSION));

    SpanData adder = one(spans, "invoke_agent adder");
    SpanData tool = one(spans, "execute_tool get-sum");
    SpanData call = one(spans, "tools/call get-sum");
    String conversation = workflow.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id"));
    assertThat(conversation).isNotBlank();
    assertThat(workflow)
        .hasNoParent()
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "sequence"),
            equalTo(AttributeKey.stringKey("honeyhive_outputs.sum"), SUM));
    assertThat(one(spans, "invoke_agent writer"))
        .hasParent(workflow)
        .hasAttributesSatisfying(equalTo(AttributeKey.stringKey("honeyhive_outputs.story"), STORY));
    assertThat(adder)
        .hasParent(workflow)
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(HONEYHIVE_EVENT_TYPE, "chain"),
                equalTo(GEN_AI_OPERATION_NAME, "invoke_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.name"), "adder"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.id"), "adder$1"),
                equalTo(AttributeKey.stringKey("gen_ai.agent.description"), "Adds two numbers"),
                equalTo(AttributeKey.stringKey("honeyhive_metadata.agent_topology"), "ai_agent"),
                equalTo(AttributeKey.stringKey("gen_ai.conversation.id"), conversation),
                equalTo(AttributeKey.longKey("honeyhive_inputs.a"), 2L),
                equalTo(AttributeKey.longKey("honeyhive_inputs.b"), 3L),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.sum"), SUM)));
    assertThat(tool)
        .hasParent(adder)
        .hasAttributesSatisfying(
            equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.arguments"), "{\"a\":2,\"b\":3}"),
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), SUM));
    // Under the agent's tool span, the MCP request leaves the arguments and result to it.
    assertThat(call)
        .hasKind(SpanKind.CLIENT)
        .hasParent(tool)
        .hasAttributesSatisfyingExactly(
            session(
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "tools/call"),
                equalTo(JSONRPC_REQUEST_ID, "3"),
                equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
                equalTo(GEN_AI_TOOL_NAME, "get-sum"),
                equalTo(NETWORK_TRANSPORT, "pipe")));
    assertThat(call.getStartEpochNanos()).isGreaterThanOrEqualTo(tool.getStartEpochNanos());
    assertThat(call.getEndEpochNanos()).isLessThanOrEqualTo(tool.getEndEpochNanos());

    // What the server read: the tool call carries the workflow's trace, its own span as parent.
    stopClients();
    List<JsonNode> messages = McpServerEverything.received(received);
    JsonNode meta = request(messages, "tools/call").path("params").path("_meta");
    String traceparent = meta.path("traceparent").asText();
    assertThat(traceparent.split("-")[1]).isEqualTo(workflow.getTraceId());
    assertThat(traceparent)
        .isEqualTo("00-" + call.getTraceId() + "-" + call.getSpanId() + "-" + call.getSpanContext().getTraceFlags().asHex());
    assertThat(meta.path("baggage").asText()).isEqualTo("session_id=" + SESSION);
    assertThat(request(messages, "tools/list").path("params").path("_meta").path("traceparent").asText())
        .contains(workflow.getTraceId());

    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(TracerProbe.instrumentation(tracer).runningTools.size()).isZero();
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void theConsoleDrawsTheWorkflowDownToTheMcpRequest() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      HoneyHiveTracer console = tracer(true);
      UntypedAgent report = workflow(console, mcpClient(console, dir.resolve("received.jsonl")));
      assertThat(report.invoke(inputs())).isEqualTo(SUM);
      assertThat(console.flush()).isTrue();
    } finally {
      System.setOut(original);
    }
    original.print(bytes.toString(StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\d+\\.\\d ms", "N ms");
    assertThat(printed)
        .contains("initialize  N ms  tool\n")
        .contains(
            "invoke_agent report  N ms  chain  inputs.a=2  inputs.b=3  inputs.topic=otters"
                + "  metadata.agent_topology=sequence  outputs.sum=" + SUM + "\n"
                + "├─ invoke_agent writer  N ms  chain  metadata.agent_topology=ai_agent  outputs.story=" + STORY + "\n"
                + "│  └─ chat story-model-1  N ms  model  tokens=5/7\n"
                + "└─ invoke_agent adder  N ms  chain  metadata.agent_topology=ai_agent\n"
                + "   ├─ tools/list  N ms  tool\n"
                + "   ├─ chat story-model-1  N ms  model  tokens=5/7\n"
                + "   ├─ execute_tool get-sum  N ms  tool\n"
                + "   │  └─ tools/call get-sum  N ms  tool\n"
                + "   └─ chat story-model-1  N ms  model  tokens=5/7\n");
  }

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static JsonNode request(List<JsonNode> messages, String method) {
    List<JsonNode> found =
        messages.stream().filter(m -> method.equals(m.path("method").asText())).collect(Collectors.toList());
    assertThat(found).as(method).hasSize(1);
    return found.get(0);
  }

  private static List<AttributeAssertion> session(AttributeAssertion... more) {
    List<AttributeAssertion> all = SessionAssertions.session(SESSION, "agents-mcp", "dev", "agents-mcp");
    all.addAll(List.of(more));
    return all;
  }
}
