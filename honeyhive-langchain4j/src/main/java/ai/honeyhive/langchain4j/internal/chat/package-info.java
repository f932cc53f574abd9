/**
 * Internal: chat-model spans, the listener {@code HoneyHiveTracer.chatModelListener()} hands out,
 * blocking and streaming, and the streaming decorator. Not part of the API; may change in any
 * release.
 */
package ai.honeyhive.langchain4j.internal.chat;
