package ai.honeyhive.langchain4j.internal.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what reaches HoneyHive and what does not, so no span is lost without a number. */
final class CountingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final ExportHealth health;
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  CountingSpanExporter(SpanExporter delegate, ExportHealth health) {
    this.delegate = delegate;
    this.health = health;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      failed.addAndGet(n);
      if (health != null) {
        health.failed(n);
      }
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    // Our own result, completed only after counting: the delegate's result reports isDone() before
    // its callbacks run, so a flush waiting on it could return before the count moved.
    CompletableResultCode counted = new CompletableResultCode();
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            exported.addAndGet(n);
            if (health != null) {
              health.succeeded();
            }
            counted.succeed();
          } else {
            failed.addAndGet(n);
            if (health != null) {
              health.failed(n);
            }
            Throwable t = result.getFailureThrowable();
            if (t != null) {
              counted.failExceptionally(t);
            } else {
              counted.fail();
            }
          }
        });
    return counted;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  /** Waits for the diagnosis of a failed export, if one is under way; see {@link ExportHealth}. */
  boolean awaitDiagnosis(java.time.Duration timeout) {
    return health == null || health.awaitDiagnosis(timeout);
  }

  long exported() {
    return exported.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
