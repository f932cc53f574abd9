package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.EnrichmentContext;
import io.micrometer.context.ThreadLocalAccessor;
import io.opentelemetry.context.Scope;
import java.util.ArrayDeque;

/**
 * Makes the enrichment in a Reactor context current on the thread Reactor runs the request's work
 * on (Micrometer's context propagation, which Reactor uses to restore thread-local values). Each
 * {@code setValue} opens a scope and each {@code restore} closes the latest one, in
 * the nested order context propagation calls them.
 */
final class EnrichmentAccessor implements ThreadLocalAccessor<EnrichmentContext> {

  static final String KEY = "honeyhive.enrichment";

  private final ThreadLocal<ArrayDeque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

  @Override
  public Object key() {
    return KEY;
  }

  /** Null: nothing of ours needs capturing; the enrichment travels in the Reactor context. */
  @Override
  public EnrichmentContext getValue() {
    return null;
  }

  @Override
  public void setValue(EnrichmentContext value) {
    scopes.get().push(value.makeCurrent());
  }

  @Override
  public void setValue() {
    // Nothing to make current; restore() will find no scope of this call to close.
    scopes.get().push(Scope.noop());
  }

  @Override
  public void restore(EnrichmentContext previous) {
    close();
  }

  @Override
  public void restore() {
    close();
  }

  private void close() {
    ArrayDeque<Scope> open = scopes.get();
    Scope latest = open.poll();
    if (latest != null) {
      latest.close();
    }
    if (open.isEmpty()) {
      scopes.remove();
    }
  }
}
