/**
 * Internal: the shared core every surface package uses and that uses none of them: the span factory
 * ({@code Instrumentation}), attribute keys, session attributes, the fault counter, feature
 * detection and the running tool spans. Its types are public only so that the other packages of this
 * library can reach them; they are left out of the Javadoc and may change in any release. Use
 * {@code HoneyHiveTracer} and the {@code *Telemetry} entry points instead.
 */
package ai.honeyhive.langchain4j.internal;
