package ai.honeyhive.langchain4j.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Tool spans running now, innermost first, by the thread that runs them. LangChain4j calls a tool's
 * before hook, the tool and its after hook on one thread, but a hook cannot make our tool span
 * current for the tool (a scope opened in one hook and closed in the other stays open on that
 * thread if the tool throws past the after hook). A call the tool makes synchronously on that
 * thread, such as an MCP request, finds its parent here instead.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class RunningTools {

  /** Deeper nesting (a tool calling an AI service calling a tool ...) drops the outermost. */
  public static final int MAX_DEPTH = 32;

  private static final class Entry {
    final UUID invocationId;
    final Span span;
    final Context context;

    Entry(UUID invocationId, Span span, Context context) {
      this.invocationId = invocationId;
      this.span = span;
      this.context = context;
    }
  }

  private final ConcurrentHashMap<Thread, Deque<Entry>> byThread = new ConcurrentHashMap<>();

  /** The tool span {@code span}, started under {@code parent}, now runs on this thread. */
  public void started(UUID invocationId, Span span, Context parent) {
    Entry entry = new Entry(invocationId, span, parent.with(span));
    // Every change to a thread's stack is made inside compute, so that forget() on another thread
    // never drops a stack this thread is pushing onto.
    byThread.compute(
        Thread.currentThread(),
        (thread, stack) -> {
          Deque<Entry> s = stack != null ? stack : new ConcurrentLinkedDeque<>();
          s.push(entry);
          if (s.size() > MAX_DEPTH) {
            s.pollLast();
          }
          return s;
        });
  }

  /** The tool span {@code span} has ended on this thread. */
  public void ended(Span span) {
    byThread.computeIfPresent(Thread.currentThread(), (thread, stack) -> without(stack, e -> e.span == span));
  }

  private static Deque<Entry> without(Deque<Entry> stack, java.util.function.Predicate<Entry> drop) {
    stack.removeIf(drop);
    return stack.isEmpty() ? null : stack;
  }

  /**
   * The context of the innermost tool running on this thread (its span current), for a call made
   * within AI-service invocation {@code invocationId}, or for any if that is null; null if none.
   */
  public Context current(UUID invocationId) {
    Deque<Entry> stack = byThread.get(Thread.currentThread());
    if (stack == null) {
      return null;
    }
    for (Entry e : stack) {
      if (invocationId == null || invocationId.equals(e.invocationId)) {
        return e.context;
      }
    }
    return null;
  }

  /**
   * Drops what is left of AI-service invocation {@code invocationId} once it has completed: the
   * spans of tools whose after hook never came because they threw past it.
   */
  public void forget(UUID invocationId) {
    if (invocationId == null || byThread.isEmpty()) {
      return;
    }
    for (Thread thread : byThread.keySet()) {
      byThread.computeIfPresent(thread, (t, stack) -> without(stack, e -> invocationId.equals(e.invocationId)));
    }
  }

  public int size() {
    int n = 0;
    for (Deque<Entry> stack : byThread.values()) {
      n += stack.size();
    }
    return n;
  }
}
