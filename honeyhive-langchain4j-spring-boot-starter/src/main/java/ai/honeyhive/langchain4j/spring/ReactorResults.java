package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.TracedInvocation;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends a traced method's span when the {@code Mono} or {@code Flux} it returned terminates: with
 * the {@code Mono}'s value or the {@code Flux}'s first {@value #MAX_ELEMENTS} elements (a list) as
 * the output, its error as the error, or as cancelled. While the stream's own work runs (subscribing
 * to it, requesting from it) the span is current, so spans made there nest beneath it; what the
 * subscriber does with the signals runs in the subscriber's context. Loaded only when Reactor is on
 * the class path.
 */
final class ReactorResults {

  /** A {@code Flux}'s elements recorded as its output; later ones are not. */
  static final int MAX_ELEMENTS = 100;

  static boolean isReactive(Object result) {
    return result instanceof Mono || result instanceof Flux;
  }

  /**
   * {@code result} (a {@code Mono} or {@code Flux}) with the span's end tied to its termination; a
   * method declared to return a subtype the wrapper is not ({@code ConnectableFlux}) gets its own
   * result back, and the span ends now.
   */
  @SuppressWarnings("unchecked")
  static Object traced(Object result, Class<?> returnType, TracedInvocation traced, Instrumentation inst) {
    try {
      Object wrapped;
      if (result instanceof Mono) {
        Mono<Object> mono = (Mono<Object>) result;
        wrapped = Mono.fromDirect(s -> subscribe(mono, new Tracing<Object>(s, traced, false, false)));
      } else {
        Flux<Object> flux = (Flux<Object>) result;
        wrapped = Flux.from(s -> subscribe(flux, new Tracing<Object>(s, traced, true, inst.captureContent)));
      }
      if (returnType.isInstance(wrapped)) {
        return wrapped;
      }
      traced.succeeded(null, false);
      return result;
    } catch (Throwable t) {
      inst.failures.record("@HoneyHiveTrace reactive result", t);
      traced.succeeded(null, false);
      return result;
    }
  }

  private static <T> void subscribe(org.reactivestreams.Publisher<T> source, Tracing<T> tracing) {
    try (Scope ignored = tracing.traced.context().makeCurrent()) {
      source.subscribe(tracing);
    }
  }

  /**
   * Between the stream and its subscriber: the span is current for the stream's work (subscribe,
   * request, cancel), the subscriber's context for its signals; the span ends at the first
   * terminal signal or cancellation.
   */
  private static final class Tracing<T> implements CoreSubscriber<T>, Subscription {
    private final org.reactivestreams.Subscriber<? super T> actual;
    private final TracedInvocation traced;
    private final boolean many;
    private final List<Object> elements;
    private final Context outer;
    private Subscription upstream;
    private Object value;
    private boolean hasValue;

    Tracing(org.reactivestreams.Subscriber<? super T> actual, TracedInvocation traced, boolean many, boolean collect) {
      this.actual = actual;
      this.traced = traced;
      this.many = many;
      this.elements = collect ? new ArrayList<>() : null;
      this.outer = Context.current();
    }

    @Override
    @SuppressWarnings("unchecked")
    public reactor.util.context.Context currentContext() {
      return actual instanceof CoreSubscriber
          ? ((CoreSubscriber<? super T>) actual).currentContext()
          : reactor.util.context.Context.empty();
    }

    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      try (Scope ignored = outer.makeCurrent()) {
        actual.onSubscribe(this);
      }
    }

    @Override
    public void onNext(T t) {
      if (!many) {
        value = t;
        hasValue = true;
      } else if (elements != null && elements.size() < MAX_ELEMENTS) {
        elements.add(t);
      }
      try (Scope ignored = outer.makeCurrent()) {
        actual.onNext(t);
      }
    }

    @Override
    public void onError(Throwable t) {
      traced.failed(t);
      try (Scope ignored = outer.makeCurrent()) {
        actual.onError(t);
      }
    }

    @Override
    public void onComplete() {
      if (many) {
        traced.succeeded(elements, elements != null);
      } else {
        traced.succeeded(value, true);
      }
      value = null;
      try (Scope ignored = outer.makeCurrent()) {
        actual.onComplete();
      }
    }

    @Override
    public void request(long n) {
      try (Scope ignored = traced.context().makeCurrent()) {
        upstream.request(n);
      }
    }

    @Override
    public void cancel() {
      if (!many && hasValue) {
        // A Mono's subscriber may cancel once it has the value: that is a success.
        traced.succeeded(value, true);
      } else {
        traced.cancelled();
      }
      try (Scope ignored = traced.context().makeCurrent()) {
        upstream.cancel();
      }
    }
  }

  private ReactorResults() {}
}
