package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives every span that the tracer's SDK starts for someone else (the user's own spans, other
 * instrumentations') the session attributes, as HoneyHive's Python SDK does in its span processor:
 * HoneyHive files a span under the session it names. Our own spans already carry them, and a span
 * that names a session itself keeps it. Never throws: a failure is logged once. Inert until {@link
 * #set} says how to stamp: an application's SDK (Spring Boot's) gets it as a bean before the tracer
 * that sets it exists.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class SessionStampingProcessor implements SpanProcessor {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);
  private static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("honeyhive.session_id");

  private volatile String ownScope = "";
  private volatile BiConsumer<Context, Span> stamp;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** A processor that stamps nothing until {@link #set} is called. */
  public SessionStampingProcessor() {}

  /** Sets what stamps a foreign span, and the instrumentation scope whose spans are skipped. */
  public void set(String ownScope, BiConsumer<Context, Span> stamp) {
    this.ownScope = ownScope;
    this.stamp = stamp;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    BiConsumer<Context, Span> s = stamp;
    if (s == null || ownScope.equals(span.getInstrumentationScopeInfo().getName())) {
      return;
    }
    try {
      if (span.getAttribute(SESSION_ID) == null) {
        s.accept(parentContext, span);
      }
    } catch (Throwable t) {
      if (warned.compareAndSet(false, true)) {
        logger.log(Level.WARNING, "HoneyHive: could not add the session to a span; it may be filed without one", t);
      }
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }
}
