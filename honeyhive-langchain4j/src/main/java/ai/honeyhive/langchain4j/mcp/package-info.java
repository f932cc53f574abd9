/**
 * LangChain4j's MCP client ({@code langchain4j-mcp}): {@link
 * ai.honeyhive.langchain4j.mcp.McpTelemetry} hands out the client listener and the trace-context
 * suppliers.
 */
package ai.honeyhive.langchain4j.mcp;
