/**
 * Internal: provider token details (cached, reasoning, cache-creation tokens), one reader per
 * LangChain4j provider module and the dispatch that picks one. A reader is loaded only where its
 * module is on the classpath. Not part of the API; may change in any release.
 */
package ai.honeyhive.langchain4j.internal.providers;
