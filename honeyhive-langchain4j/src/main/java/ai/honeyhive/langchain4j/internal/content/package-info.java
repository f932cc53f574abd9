/**
 * Internal: the one way through for captured content (prompts, completions, tool arguments and
 * results, AI-service inputs and outputs): capture, redact, truncate, write onto a span, or hand to
 * the export to write. Not part of the API; may change in any release.
 */
package ai.honeyhive.langchain4j.internal.content;
