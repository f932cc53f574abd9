/**
 * LangChain4j's agentic module ({@code langchain4j-agentic}): {@link
 * ai.honeyhive.langchain4j.agentic.AgentTelemetry} hands out the agent listener.
 */
package ai.honeyhive.langchain4j.agentic;
