package ai.honeyhive.langchain4j.mcp;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.McpHeadersSupplier;
import dev.langchain4j.mcp.client.McpMetaSupplier;
import dev.langchain4j.mcp.client.transport.McpTransport;
import java.util.Objects;

/**
 * Entry point for tracing LangChain4j's MCP client ({@code langchain4j-mcp} 1.14.0-beta24 and
 * later) with a {@link HoneyHiveTracer}:
 *
 * <pre>{@code
 * McpTelemetry mcp = McpTelemetry.create(tracer);
 * McpTransport transport = StdioMcpTransport.builder().command(List.of("...")).build();
 * McpClient client = DefaultMcpClient.builder()
 *     .transport(transport)
 *     .addListener(mcp.clientListener(transport))
 *     .metaSupplier(mcp.metaSupplier())
 *     .build();
 * }</pre>
 *
 * <p>One span per request (tools/call, tools/list, resources, prompts, initialize; pings only inside
 * a traced operation), after OpenTelemetry's MCP conventions: {@code tools/call get-sum}, kind
 * CLIENT, with {@code mcp.method.name}, {@code jsonrpc.request.id}, {@code gen_ai.tool.name}, errors
 * recorded. A tool call an AI service makes through {@code McpToolProvider} is a child of that
 * tool's {@code execute_tool} span.
 *
 * <p>This class names {@code langchain4j-mcp}'s types: use it only where that module is on the
 * classpath. Instances are thread-safe.
 */
public final class McpTelemetry {

  private final McpTracing tracing;

  private McpTelemetry(Instrumentation instrumentation) {
    this.tracing = new McpTracing(instrumentation, instrumentation.session.sessionId());
  }

  /**
   * The MCP tracing of {@code tracer}: the same instance for the same tracer.
   *
   * @param tracer the tracer whose spans, session and enrichment the MCP spans share
   * @return the tracer's instance; the same on every call
   * @throws NullPointerException if {@code tracer} is null
   * @throws IllegalStateException if {@code langchain4j-mcp} 1.14.0-beta24 or later is not on the
   *     classpath
   */
  public static McpTelemetry create(HoneyHiveTracer tracer) {
    Instrumentation instrumentation = TracerAccess.instrumentation(tracer);
    if (!LangChain4jFeatures.MCP) {
      throw new IllegalStateException(
          "McpTelemetry needs dev.langchain4j:langchain4j-mcp 1.14.0-beta24 or later on the classpath");
    }
    return instrumentation.module(McpTelemetry.class, McpTelemetry::new);
  }

  /**
   * The client listener, for {@code DefaultMcpClient.builder().addListener(...)}. It does not know
   * the transport; {@link #clientListener(McpTransport)} does.
   *
   * @return this instance's listener; the same on every call
   */
  public McpClientListener clientListener() {
    return tracing.listener;
  }

  /**
   * A client listener for a client over {@code transport}: its spans also record {@code
   * network.transport} ({@code pipe} for stdio, {@code tcp} for HTTP and WebSocket), {@code
   * network.protocol.name}, and on streamable HTTP the {@code mcp.session.id} the server assigned.
   *
   * @param transport the client's transport
   * @return a new listener for that client
   * @throws NullPointerException if {@code transport} is null
   */
  public McpClientListener clientListener(McpTransport transport) {
    Objects.requireNonNull(transport, "clientListener(transport): transport must not be null");
    return tracing.listener(transport);
  }

  /**
   * The trace context for each MCP request's {@code params._meta}; for {@code
   * DefaultMcpClient.builder().metaSupplier(...)}. It supplies {@code traceparent} and {@code
   * tracestate} of the request's span (with {@link #clientListener()} registered; else of the
   * current span) and {@code baggage} carrying the HoneyHive session id ({@code session_id}), in
   * W3C format whatever propagators the OpenTelemetry instance has: the keys MCP reserves for trace
   * context. A server traced with HoneyHive continues the same trace and session. The client keeps
   * one supplier: to send your own {@code _meta} too, merge the two maps.
   *
   * @return this instance's supplier; the same on every call
   */
  public McpMetaSupplier metaSupplier() {
    return tracing.metaSupplier;
  }

  /**
   * The same trace context as {@link #metaSupplier()}, as HTTP headers; for the {@code
   * customHeaders(...)} of {@code StreamableHttpMcpTransport} and {@code HttpMcpTransport}, so that
   * HTTP-level tracing on the server's side sees it too. To send headers of your own as well, merge
   * the two maps.
   *
   * @return this instance's supplier; the same on every call
   */
  public McpHeadersSupplier headersSupplier() {
    return tracing.headersSupplier;
  }
}
