/**
 * Retrieval-augmented generation and moderation: {@link ai.honeyhive.langchain4j.rag.RagTelemetry}
 * (content retrievers, embedding models, embedding stores; LangChain4j 1.11 and later) and {@link
 * ai.honeyhive.langchain4j.rag.ModerationTelemetry} (moderation models; 1.12 and later).
 */
package ai.honeyhive.langchain4j.rag;
