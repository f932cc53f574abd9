package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sits in front of the batch processor and keeps its queue from ever overflowing, so that a span
 * is only dropped here, where it is counted and the first drop is logged. A span waits while it is
 * handed on and not yet exported or failed; when {@code capacity} spans wait (HoneyHive is down or
 * slow), new spans are dropped at once: the caller never waits, and whatever the span had waiting
 * in {@link LateAttributes} is forgotten with it. Lock-free: two atomic counters.
 */
final class BoundedSpanProcessor implements SpanProcessor {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  private final SpanProcessor delegate;
  private final long capacity;
  private final LongSupplier settled;
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final LateAttributes late;

  /**
   * @param settled how many spans the exporter has finished with (exported or failed)
   * @param late where a dropped span's late attributes are forgotten
   */
  BoundedSpanProcessor(SpanProcessor delegate, long capacity, LongSupplier settled, LateAttributes late) {
    this.delegate = delegate;
    this.capacity = capacity;
    this.settled = settled;
    this.late = late;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (forwarded.get() - settled.getAsLong() >= capacity) {
      late.discard(span.getSpanContext());
      long n = dropped.incrementAndGet();
      if (warned.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "HoneyHive: {0} spans are waiting to be exported (HoneyHive unreachable or slow); new"
                + " spans are dropped until it catches up. HoneyHiveTracer.droppedSpans() counts them.",
            capacity);
      } else if (logger.isLoggable(Level.FINE)) {
        logger.log(Level.FINE, "HoneyHive: dropped span number {0}", n);
      }
      return;
    }
    forwarded.incrementAndGet();
    delegate.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  long dropped() {
    return dropped.get();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
