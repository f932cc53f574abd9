/**
 * Internal: the OpenTelemetry SDK, OTLP exporter and console view that {@code HoneyHiveTracer} uses
 * when the application brings no SDK of its own. This package is not part of the API: its types are
 * public only so that {@code ai.honeyhive.langchain4j} can reach them, they are left out of the
 * Javadoc, and they may change or go away in any release without notice. Use {@code
 * HoneyHiveTracer} instead.
 *
 * <p>It is the only package that touches the OpenTelemetry SDK and exporter, so that moving them to
 * an artifact of their own later is a move, not a rewrite.
 */
package ai.honeyhive.langchain4j.internal.export;
