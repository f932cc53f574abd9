/**
 * HoneyHive for LangChain4j: {@link ai.honeyhive.langchain4j.HoneyHiveTracer}, the entry point, and
 * {@link ai.honeyhive.langchain4j.EnrichmentContext}, what a request or session is about. Optional
 * LangChain4j modules have entry points in {@code rag}, {@code agentic} and {@code mcp}.
 */
package ai.honeyhive.langchain4j;
