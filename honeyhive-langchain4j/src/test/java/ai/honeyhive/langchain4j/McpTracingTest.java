package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.mcp.McpTelemetry;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.ERROR_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_PROMPT_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ARGUMENTS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_RESULT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_ERROR;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_ERROR_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.JSONRPC_REQUEST_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_METHOD_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_RESOURCE_URI;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_SESSION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.NETWORK_PROTOCOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.NETWORK_TRANSPORT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.RPC_RESPONSE_STATUS_CODE;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpCallContext;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.McpException;
import dev.langchain4j.mcp.client.McpHeadersSupplier;
import dev.langchain4j.mcp.client.McpMetaSupplier;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.protocol.McpCallToolRequest;
import dev.langchain4j.mcp.protocol.McpClientParams;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP client spans against a real MCP server none of us wrote: {@code
 * @modelcontextprotocol/server-everything} from npm (see {@link McpServerEverything}), over stdio and
 * streamable HTTP, called by LangChain4j's own {@code DefaultMcpClient} and {@code McpToolProvider}.
 * The server's stdin is copied to a file, so the tests read the {@code _meta} the server received.
 */
class McpTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  /** Stands between the client and the HTTP server, to show the headers the server received. */
  @RegisterExtension
  static final WireMockExtension httpProxy =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String SESSION = "5b2e8c41-7d9a-4f3e-b6c0-1a2d3e4f5a6b";
  private static final String QUESTION = "What is 2 plus 3?";

  interface Assistant {
    String chat(String message);
  }

  @TempDir Path dir;

  private HoneyHiveTracer tracer;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private Process httpServer;

  @BeforeEach
  void setUp() {
    tracer = tracer(false);
  }

  private static HoneyHiveTracer tracer(boolean console) {
    HoneyHiveTracerBuilder builder =
        HoneyHiveTracer.builder().project("mcp").sessionId(SESSION).environment(name -> null);
    return console ? builder.console(true).build() : builder.openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    stopClients();
    if (httpServer != null) {
      httpServer.destroy();
      httpServer.waitFor();
    }
    tracer.close();
  }

  /** Closes the clients, and ends the stdio ones' servers, so that everything a server read is in its file. */
  private void stopClients() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    clients.clear();
  }


  /** A client over stdio, registered the way the docs say; the server's stdin goes to {@code received}. */
  private McpClient stdioClient(HoneyHiveTracer tracer, Path received) throws Exception {
    McpServerEverything.StdioClient client = McpServerEverything.stdioClient(tracer, received);
    clients.add(client);
    return client.client;
  }


  private Assistant assistant(HoneyHiveTracer tracer, McpClient client) {
    return assistant(tracer, client, false);
  }

  private Assistant assistant(HoneyHiveTracer tracer, McpClient client, boolean concurrentTools) {
    AiServices<Assistant> builder = tracer.configure(AiServices.builder(Assistant.class));
    if (concurrentTools) {
      builder.executeToolsConcurrently();
    }
    return tracer.decorate(
        Assistant.class,
        builder
            .chatModel(TestModels.blocking(openAi.baseUrl(), tracer.chatModelListener()))
            .toolProvider(McpToolProvider.builder().mcpClients(client).build())
            .build());
  }

  @Test
  void anAiServiceToolCallIsAnMcpSpanUnderItsToolSpanAndTheServerContinuesItsTrace() throws Exception {
    Path received = dir.resolve("received.jsonl");
    Assistant assistant = assistant(tracer, stdioClient(tracer, received));

    assertThat(assistant.chat(QUESTION)).isEqualTo("2 plus 3 is 5.");

    List<SpanData> spans = otel.getSpans();
    assertThat(AiServiceTracingTest.tree(spans))
        .containsExactly(
            "initialize <- (root)",
            "invoke_agent Assistant.chat <- (root)",
            "tools/list <- invoke_agent Assistant.chat",
            "chat gpt-4o-mini <- invoke_agent Assistant.chat",
            "execute_tool get-sum <- invoke_agent Assistant.chat",
            "tools/call get-sum <- execute_tool get-sum",
            "chat gpt-4o-mini <- invoke_agent Assistant.chat");
    SpanData agent = one(spans, "invoke_agent Assistant.chat");
    SpanData tool = one(spans, "execute_tool get-sum");
    SpanData call = one(spans, "tools/call get-sum");
    SpanData list = one(spans, "tools/list");
    SpanData initialize = one(spans, "initialize");

    // The tool span records the tool's arguments and result; the MCP span, the request.
    assertThat(tool)
        .hasParent(agent)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_TOOL_CALL_ARGUMENTS, "{\"a\":2,\"b\":3}"),
            equalTo(GEN_AI_TOOL_CALL_RESULT, "The sum of 2 and 3 is 5."));
    assertThat(call)
        .hasKind(SpanKind.CLIENT)
        .hasParent(tool)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "tools/call"),
                equalTo(JSONRPC_REQUEST_ID, "3"),
                equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
                equalTo(GEN_AI_TOOL_NAME, "get-sum"),
                equalTo(NETWORK_TRANSPORT, "pipe")));
    assertThat(call.getStartEpochNanos()).isGreaterThanOrEqualTo(tool.getStartEpochNanos());
    assertThat(call.getEndEpochNanos()).isLessThanOrEqualTo(tool.getEndEpochNanos());
    // LangChain4j lists the server's tools for the AI service; the id is the one the page went out with.
    assertThat(list)
        .hasKind(SpanKind.CLIENT)
        .hasParent(agent)
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "tools/list"),
                equalTo(JSONRPC_REQUEST_ID, "2"),
                equalTo(NETWORK_TRANSPORT, "pipe")));
    // Made when the client was built, outside any operation: a trace of its own, in the session.
    assertThat(initialize)
        .hasKind(SpanKind.CLIENT)
        .hasNoParent()
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "initialize"),
                equalTo(JSONRPC_REQUEST_ID, "0"),
                equalTo(NETWORK_TRANSPORT, "pipe")));

    // What the server read: each request carries its span as the parent, and the session in baggage.
    stopClients();
    List<JsonNode> messages = McpServerEverything.received(received);
    // (The client's answers to the server's own requests, such as roots/list, come in between, when they come.)
    assertThat(messages.stream().filter(m -> m.has("method")).map(m -> m.path("method").asText()))
        .containsExactly("initialize", "notifications/initialized", "tools/list", "tools/call");
    JsonNode sent = request(messages, "tools/call");
    assertThat(sent.path("id").asText()).isEqualTo("3");
    assertThat(sent.path("params").path("_meta").path("traceparent").asText()).isEqualTo(traceparent(call));
    assertThat(sent.path("params").path("_meta").path("baggage").asText()).isEqualTo("session_id=" + SESSION);
    assertThat(sent.path("params").path("_meta").has("tracestate")).isFalse();
    assertThat(request(messages, "tools/list").path("id").asText()).isEqualTo("2");
    assertThat(request(messages, "tools/list").path("params").path("_meta").path("traceparent").asText())
        .isEqualTo(traceparent(list));
    assertThat(request(messages, "initialize").path("params").path("_meta").path("traceparent").asText())
        .isEqualTo(traceparent(initialize));
    assertThat(TracerProbe.instrumentation(tracer).runningTools.size()).isZero();
  }

  @Test
  void toolCallsRunConcurrentlyOnOtherThreadsEachNestUnderTheirOwnToolSpan() throws Exception {
    Path received = dir.resolve("received.jsonl");
    Assistant assistant = assistant(tracer, stdioClient(tracer, received), true);

    assertThat(assistant.chat("What are 2 plus 3 and 4 plus 5?")).isEqualTo("2 plus 3 is 5, and 4 plus 5 is 9.");

    List<SpanData> spans = otel.getSpans();
    SpanData agent = one(spans, "invoke_agent Assistant.chat");
    List<SpanData> tools = named(spans, "execute_tool get-sum");
    List<SpanData> calls = named(spans, "tools/call get-sum");
    assertThat(tools).hasSize(2).allSatisfy(t -> assertThat(t).hasParent(agent));
    assertThat(calls).hasSize(2);
    stopClients();
    List<JsonNode> messages = McpServerEverything.received(received);
    for (SpanData tool : tools) {
      // Each MCP request under the tool span of the call it carried out, and its context sent with it.
      SpanData call = calls.stream().filter(c -> c.getParentSpanId().equals(tool.getSpanId())).findFirst().orElseThrow();
      JsonNode arguments = new ObjectMapper().readTree(tool.getAttributes().get(GEN_AI_TOOL_CALL_ARGUMENTS));
      JsonNode sent =
          messages.stream()
              .filter(m -> "tools/call".equals(m.path("method").asText()))
              .filter(m -> m.path("params").path("arguments").equals(arguments))
              .findFirst()
              .orElseThrow();
      assertThat(sent.path("params").path("_meta").path("traceparent").asText()).isEqualTo(traceparent(call));
      assertThat(call).hasAttributesSatisfying(equalTo(JSONRPC_REQUEST_ID, sent.path("id").asText()));
    }
    assertThat(TracerProbe.instrumentation(tracer).runningTools.size()).isZero();
  }

  @Test
  void aDirectToolCallRecordsArgumentsAndResultAndCarriesTheRequestsSession() throws Exception {
    Path received = dir.resolve("received.jsonl");
    McpClient client = stdioClient(tracer, received);
    String conversation = HoneyHiveTracer.sessionIdFor("conversation-42");
    Span request = otel.getOpenTelemetry().getTracer("app").spanBuilder("handle-request").startSpan();
    ToolExecutionResult result;
    try (Scope s = EnrichmentContext.builder().sessionId("conversation-42").build().makeCurrent();
        Scope r = request.makeCurrent()) {
      result = client.executeTool(ToolExecutionRequest.builder().name("get-sum").arguments("{\"a\":1,\"b\":2}").build());
    } finally {
      request.end();
    }

    assertThat(result.resultText()).isEqualTo("The sum of 1 and 2 is 3.");
    SpanData call = one(otel.getSpans(), "tools/call get-sum");
    // No execute_tool span of ours around it: the MCP span records the arguments and the result.
    assertThat(call)
        .hasParent(one(otel.getSpans(), "handle-request"))
        .hasAttributesSatisfyingExactly(
            with(
                conversation,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "tools/call"),
                equalTo(JSONRPC_REQUEST_ID, "1"),
                equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
                equalTo(GEN_AI_TOOL_NAME, "get-sum"),
                equalTo(NETWORK_TRANSPORT, "pipe"),
                equalTo(GEN_AI_TOOL_CALL_ARGUMENTS, "{\"a\":1,\"b\":2}"),
                equalTo(AttributeKey.longKey("honeyhive_inputs.a"), 1L),
                equalTo(AttributeKey.longKey("honeyhive_inputs.b"), 2L),
                equalTo(GEN_AI_TOOL_CALL_RESULT, "The sum of 1 and 2 is 3."),
                equalTo(AttributeKey.stringKey("honeyhive_outputs.result"), "The sum of 1 and 2 is 3.")));
    stopClients();
    JsonNode meta = request(McpServerEverything.received(received), "tools/call").path("params").path("_meta");
    assertThat(meta.path("traceparent").asText()).isEqualTo(traceparent(call));
    assertThat(meta.path("baggage").asText()).isEqualTo("session_id=" + conversation);
  }

  @Test
  void toolErrorsAndJsonRpcErrorsAreRecordedAndTheCallerSeesLangChain4jsOwnException() throws Exception {
    McpClient client = stdioClient(tracer, dir.resolve("received.jsonl"));

    // The server answers an unknown tool with a CallToolResult whose isError is true: a tool error.
    assertThatThrownBy(
            () -> client.executeTool(ToolExecutionRequest.builder().name("no-such-tool").arguments("{}").build()))
        .isInstanceOf(ToolExecutionException.class)
        .hasMessage("MCP error -32602: Tool no-such-tool not found");
    // And a resource it does not have with a JSON-RPC error.
    assertThatThrownBy(() -> client.readResource("demo://nope"))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("Resource demo://nope not found");

    List<SpanData> spans = otel.getSpans();
    assertThat(one(spans, "tools/call no-such-tool"))
        .hasStatus(StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, "MCP error -32602: Tool no-such-tool not found"))
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "tools/call"),
                equalTo(JSONRPC_REQUEST_ID, "1"),
                equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
                equalTo(GEN_AI_TOOL_NAME, "no-such-tool"),
                equalTo(NETWORK_TRANSPORT, "pipe"),
                equalTo(GEN_AI_TOOL_CALL_ARGUMENTS, "{}"),
                equalTo(ERROR_TYPE, "tool_error"),
                equalTo(HONEYHIVE_ERROR, "MCP error -32602: Tool no-such-tool not found"),
                equalTo(HONEYHIVE_ERROR_TYPE, "tool_error")));
    SpanData read = one(spans, "resources/read");
    assertThat(read)
        .hasStatus(StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, "MCP error -32602: Resource demo://nope not found"))
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "resources/read"),
                equalTo(JSONRPC_REQUEST_ID, "2"),
                equalTo(MCP_RESOURCE_URI, "demo://nope"),
                equalTo(NETWORK_TRANSPORT, "pipe"),
                equalTo(ERROR_TYPE, "-32602"),
                equalTo(RPC_RESPONSE_STATUS_CODE, "-32602"),
                equalTo(HONEYHIVE_ERROR, "Code: -32602, message: MCP error -32602: Resource demo://nope not found"),
                equalTo(HONEYHIVE_ERROR_TYPE, "McpException")));
    assertThat(read.getEvents()).singleElement().satisfies(e -> assertThat(e.getName()).isEqualTo("exception"));
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  @Test
  void resourcesPromptsListsAndPingsInsideAnOperationAreTracedButHealthChecksAreNot() throws Exception {
    Path received = dir.resolve("received.jsonl");
    McpClient client = stdioClient(tracer, received);
    client.checkHealth(); // a ping outside any operation, as LangChain4j's health check sends them
    Span operation = otel.getOpenTelemetry().getTracer("app").spanBuilder("operation").startSpan();
    try (Scope s = operation.makeCurrent()) {
      assertThat(client.readResource("demo://resource/static/document/architecture.md").contents()).hasSize(1);
      assertThat(client.getPrompt("simple-prompt", Map.of()).messages()).hasSize(1);
      assertThat(client.listResources()).isNotEmpty();
      assertThat(client.listPrompts()).isNotEmpty();
      client.checkHealth();
    } finally {
      operation.end();
    }

    List<SpanData> spans = otel.getSpans();
    assertThat(AiServiceTracingTest.tree(spans))
        .containsExactly(
            "initialize <- (root)",
            "operation <- (root)",
            "resources/read <- operation",
            "prompts/get simple-prompt <- operation",
            "resources/list <- operation",
            "prompts/list <- operation",
            "ping <- operation");
    assertThat(one(spans, "resources/read"))
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "resources/read"),
                equalTo(JSONRPC_REQUEST_ID, "2"),
                equalTo(MCP_RESOURCE_URI, "demo://resource/static/document/architecture.md"),
                equalTo(NETWORK_TRANSPORT, "pipe")));
    assertThat(one(spans, "prompts/get simple-prompt"))
        .hasAttributesSatisfyingExactly(
            with(
                SESSION,
                equalTo(HONEYHIVE_EVENT_TYPE, "tool"),
                equalTo(MCP_METHOD_NAME, "prompts/get"),
                equalTo(JSONRPC_REQUEST_ID, "3"),
                equalTo(GEN_AI_PROMPT_NAME, "simple-prompt"),
                equalTo(NETWORK_TRANSPORT, "pipe")));
    SpanData ping = one(spans, "ping");
    stopClients();
    List<JsonNode> pings =
        McpServerEverything.received(received).stream()
            .filter(m -> "ping".equals(m.path("method").asText()))
            .collect(Collectors.toList());
    assertThat(pings).hasSize(2);
    // The health check's ping carries the session, but no trace: there is none to continue.
    assertThat(pings.get(0).path("params").path("_meta").has("traceparent")).isFalse();
    assertThat(pings.get(0).path("params").path("_meta").path("baggage").asText()).isEqualTo("session_id=" + SESSION);
    assertThat(pings.get(1).path("params").path("_meta").path("traceparent").asText()).isEqualTo(traceparent(ping));
  }

  @Test
  void streamableHttpCarriesTheContextInHeadersTooAndRecordsTheMcpSession() throws Exception {
    Path script = McpServerEverything.entryScript();
    int port = freePort();
    ProcessBuilder server =
        new ProcessBuilder("node", script.toString(), "streamableHttp")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("http-server.log").toFile());
    server.environment().put("PORT", String.valueOf(port));
    httpServer = server.start();
    awaitPort(port);
    httpProxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom("http://localhost:" + port)));

    McpTransport transport =
        StreamableHttpMcpTransport.builder()
            .url(httpProxy.baseUrl() + "/mcp")
            .customHeaders(McpTelemetry.create(tracer).headersSupplier())
            .timeout(Duration.ofSeconds(20))
            .build();
    McpClient client =
        DefaultMcpClient.builder()
            .transport(transport)
            .autoHealthCheck(false)
            .addListener(McpTelemetry.create(tracer).clientListener(transport))
            .metaSupplier(McpTelemetry.create(tracer).metaSupplier())
            .build();
    clients.add(client);
    ToolExecutionResult result =
        client.executeTool(ToolExecutionRequest.builder().name("get-sum").arguments("{\"a\":4,\"b\":5}").build());

    assertThat(result.resultText()).isEqualTo("The sum of 4 and 5 is 9.");
    String mcpSession = ((StreamableHttpMcpTransport) transport).getMcpSessionId();
    assertThat(mcpSession).isNotBlank();
    SpanData call = one(otel.getSpans(), "tools/call get-sum");
    assertThat(call)
        .hasAttributesSatisfying(
            equalTo(NETWORK_TRANSPORT, "tcp"),
            equalTo(NETWORK_PROTOCOL_NAME, "http"),
            equalTo(MCP_SESSION_ID, mcpSession),
            equalTo(JSONRPC_REQUEST_ID, "1"));
    assertThat(one(otel.getSpans(), "initialize")).hasAttributesSatisfying(equalTo(MCP_SESSION_ID, mcpSession));
    LoggedRequest post =
        httpProxy.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl())).stream()
            .filter(r -> r.getBodyAsString().contains("\"tools/call\""))
            .findFirst()
            .orElseThrow();
    assertThat(post.getHeader("traceparent")).isEqualTo(traceparent(call));
    assertThat(post.getHeader("baggage")).isEqualTo("session_id=" + SESSION);
    assertThat(post.getHeader("Mcp-Session-Id")).isEqualTo(mcpSession);
    JsonNode body = new ObjectMapper().readTree(post.getBodyAsString());
    assertThat(body.path("params").path("_meta").path("traceparent").asText()).isEqualTo(traceparent(call));
  }

  @Test
  void theConsoleDrawsTheMcpCallUnderItsToolCall() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    HoneyHiveTracer console = tracer(true);
    try {
      Assistant assistant = assistant(console, stdioClient(console, dir.resolve("received.jsonl")));
      assertThat(assistant.chat(QUESTION)).isEqualTo("2 plus 3 is 5.");
      assertThat(console.flush()).isTrue();
    } finally {
      System.setOut(original);
      console.close();
    }
    original.print(bytes.toString(StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\d+\\.\\d ms", "N ms");
    assertThat(printed)
        .contains(
            "invoke_agent Assistant.chat  N ms  chain  inputs.message=What is 2 plus 3?  outputs.result=2 plus 3 is 5.\n"
                + "├─ tools/list  N ms  tool\n"
                + "├─ chat gpt-4o-mini  N ms  model  model=gpt-4o-mini-2024-07-18  tokens=96/18\n"
                + "├─ execute_tool get-sum  N ms  tool\n"
                + "│  └─ tools/call get-sum  N ms  tool\n"
                + "└─ chat gpt-4o-mini  N ms  model  model=gpt-4o-mini-2024-07-18  tokens=137/8\n")
        .contains("initialize  N ms  tool\n");
  }

  @Test
  void accessorsAreSharedPerTracer() {
    assertThat(McpTelemetry.create(tracer)).isSameAs(McpTelemetry.create(tracer));
    McpClientListener listener = McpTelemetry.create(tracer).clientListener();
    McpMetaSupplier meta = McpTelemetry.create(tracer).metaSupplier();
    McpHeadersSupplier headers = McpTelemetry.create(tracer).headersSupplier();
    assertThat(listener).isSameAs(McpTelemetry.create(tracer).clientListener());
    assertThat(meta).isSameAs(McpTelemetry.create(tracer).metaSupplier());
    assertThat(headers).isSameAs(McpTelemetry.create(tracer).headersSupplier());
    assertThatThrownBy(() -> McpTelemetry.create(tracer).clientListener(null)).isInstanceOf(NullPointerException.class);
    // Outside any span: the session rides along, no trace context does.
    assertThat(meta.apply(null)).isEqualTo(Map.of("baggage", "session_id=" + SESSION));
  }

  @Test
  void aFaultInOurListenerNeverReachesTheClientAndIsCounted() {
    McpClientListener listener = McpTelemetry.create(tracer).clientListener();
    McpCallToolRequest unreadable =
        new McpCallToolRequest(7L, "get-sum", JsonNodeFactory.instance.objectNode()) {
          @Override
          public McpClientParams getParams() {
            throw new IllegalStateException("boom");
          }
        };
    McpCallContext context = new McpCallContext(null, unreadable);

    listener.beforeExecuteTool(context);
    listener.afterExecuteTool(context, ToolExecutionResult.builder().resultText("5").build(), Map.of());
    Map<String, Object> meta = McpTelemetry.create(tracer).metaSupplier().apply(context);

    assertThat(TracerProbe.internalFailureCount(tracer)).isEqualTo(1);
    assertThat(otel.getSpans()).isEmpty();
    assertThat(meta).isEqualTo(Map.of("baggage", "session_id=" + SESSION));
  }

  @SuppressWarnings("deprecation") // semconv-incubating 1.45 marks the MCP and GenAI keys moved
  @Test
  void copiedMcpKeysMatchTheSemanticConventions() {
    assertThat(MCP_METHOD_NAME).isEqualTo(io.opentelemetry.semconv.incubating.McpIncubatingAttributes.MCP_METHOD_NAME);
    assertThat(MCP_SESSION_ID).isEqualTo(io.opentelemetry.semconv.incubating.McpIncubatingAttributes.MCP_SESSION_ID);
    assertThat(MCP_RESOURCE_URI).isEqualTo(io.opentelemetry.semconv.incubating.McpIncubatingAttributes.MCP_RESOURCE_URI);
    assertThat(JSONRPC_REQUEST_ID)
        .isEqualTo(io.opentelemetry.semconv.incubating.JsonrpcIncubatingAttributes.JSONRPC_REQUEST_ID);
    assertThat(RPC_RESPONSE_STATUS_CODE)
        .isEqualTo(io.opentelemetry.semconv.incubating.RpcIncubatingAttributes.RPC_RESPONSE_STATUS_CODE);
    assertThat(GEN_AI_PROMPT_NAME)
        .isEqualTo(io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROMPT_NAME);
    assertThat(NETWORK_TRANSPORT).isEqualTo(NetworkAttributes.NETWORK_TRANSPORT);
    assertThat(NETWORK_PROTOCOL_NAME).isEqualTo(NetworkAttributes.NETWORK_PROTOCOL_NAME);
    assertThat(ERROR_TYPE).isEqualTo(ErrorAttributes.ERROR_TYPE);
  }

  // --- helpers ---

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  private static JsonNode request(List<JsonNode> messages, String method) {
    List<JsonNode> found =
        messages.stream().filter(m -> method.equals(m.path("method").asText())).collect(Collectors.toList());
    assertThat(found).as(method).hasSize(1);
    return found.get(0);
  }

  private static String traceparent(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
  }

  private static List<AttributeAssertion> with(String sessionId, AttributeAssertion... more) {
    List<AttributeAssertion> all = SessionAssertions.session(sessionId, "mcp", "dev", "mcp");
    all.addAll(List.of(more));
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", port), 200);
        return;
      } catch (IOException notYet) {
        assertThat(httpServer.isAlive()).as("the HTTP server exited; see its log in " + dir).isTrue();
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the MCP server did not listen on port " + port + " within 30 s");
  }
}
