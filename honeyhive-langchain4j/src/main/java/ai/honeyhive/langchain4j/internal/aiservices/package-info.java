/**
 * Internal: AI-service spans: the decorator proxy, the tool hooks and AI-service listeners that
 * {@code HoneyHiveTracer.configure(...)} registers, guardrails. Not part of the API; may change in
 * any release.
 */
package ai.honeyhive.langchain4j.internal.aiservices;
