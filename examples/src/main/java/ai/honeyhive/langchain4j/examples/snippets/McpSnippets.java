package ai.honeyhive.langchain4j.examples.snippets;

import ai.honeyhive.langchain4j.mcp.McpTelemetry;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpHeadersSupplier;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;

/** The MCP blocks of docs/agents-and-mcp.md, as compiled code; see {@link DocSnippets}. */
@SuppressWarnings({"unused", "try"})
final class McpSnippets {

  interface Assistant {
    String chat(String message);
  }

  void stdio(HoneyHiveTracer tracer, ChatModel model) {
    // snippet: mcp-setup
    McpTransport transport = StdioMcpTransport.builder()
        .command(List.of("npx", "-y", "@modelcontextprotocol/server-everything"))
        .build();
    McpClient mcp = DefaultMcpClient.builder()
        .transport(transport)
        .addListener(McpTelemetry.create(tracer).clientListener(transport))   // a span per MCP request
        .metaSupplier(McpTelemetry.create(tracer).metaSupplier())             // trace and session in each request's _meta
        .build();

    Assistant assistant = tracer.configure(AiServices.builder(Assistant.class))
        .chatModel(model)
        .toolProvider(McpToolProvider.builder().mcpClients(mcp).build())
        .build();
    Assistant traced = tracer.decorate(Assistant.class, assistant);
    // end snippet
  }

  void http(HoneyHiveTracer tracer) {
    // snippet: mcp-http
    McpTransport transport = StreamableHttpMcpTransport.builder()
        .url("https://mcp.example.com/mcp")
        .customHeaders(McpTelemetry.create(tracer).headersSupplier())   // also as HTTP headers
        .build();
    McpClient mcp = DefaultMcpClient.builder()
        .transport(transport)
        .addListener(McpTelemetry.create(tracer).clientListener(transport))   // adds mcp.session.id
        .metaSupplier(McpTelemetry.create(tracer).metaSupplier())
        .build();
    // end snippet
  }

  void server(HoneyHiveTracer tracer, Map<String, Object> requestMeta) {
    // snippet: mcp-server
    TextMapGetter<Map<String, Object>> meta = new TextMapGetter<>() {
      @Override // required before OpenTelemetry 1.67, deprecated since
      @SuppressWarnings("deprecation")
      public Iterable<String> keys(Map<String, Object> carrier) {
        return carrier.keySet();
      }

      @Override
      public String get(Map<String, Object> carrier, String key) {
        Object value = carrier == null ? null : carrier.get(key);
        return value == null ? null : value.toString();
      }
    };
    Context incoming = tracer.openTelemetry().getPropagators().getTextMapPropagator()
        .extract(Context.root(), requestMeta, meta);   // requestMeta: the request's params._meta
    try (Scope ignored = incoming.makeCurrent()) {
      // run the tool: its spans join the client's trace and HoneyHive session
    }
    // end snippet
  }

  private McpSnippets() {}
}
