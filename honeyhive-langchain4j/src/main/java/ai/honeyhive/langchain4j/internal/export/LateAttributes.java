package ai.honeyhive.langchain4j.internal.export;

import ai.honeyhive.langchain4j.internal.Library;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Internal: attributes that a span gets when it is exported rather than when it is recorded. This
 * class is public only so that the listener can reach it across packages; it is not part of the
 * API and may change at any time.
 *
 * <p>Message content is the costly part of a chat span: two spellings of the whole conversation.
 * When the tracer owns the export, the listener hands the (immutable) LangChain4j request and
 * response here just before it ends the span, and the batch thread writes the content attributes
 * while it encodes the batch, so the chat call itself pays about what it pays with content off.
 *
 * <p>An entry lives from the end of its span until the span is exported, dropped by the bounded
 * queue, or the export shuts down; at most {@code capacity} entries wait. When full, {@link
 * #defer} says no and the caller writes the attributes on the span at once: nothing is lost.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class LateAttributes {

  private static final Logger logger = Logger.getLogger(Library.LOGGER_NAME);

  /** Writes a span's late attributes; runs once, on the export thread. */
  public interface Writer {
    /**
     * Puts the attributes into {@code into}. A writer handles its own failures; anything it throws
     * is logged once and costs only its own attributes.
     */
    void write(AttributesBuilder into);
  }

  private final ConcurrentHashMap<SpanContext, Writer> pending = new ConcurrentHashMap<>();
  private final int capacity;
  private volatile boolean closed;
  private volatile boolean proven;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** For the tracer's own SDK, whose pipeline is known to pass every span through the writer. */
  LateAttributes(int capacity) {
    this(capacity, true);
  }

  /**
   * With {@code proven} false (an application's SDK, whose pipeline we do not build), {@link
   * #defer} says no until {@link #proven()}: until our processor has seen a span of that SDK,
   * nothing shows that it is in the pipeline at all, and a deferred writer would be lost.
   */
  LateAttributes(int capacity, boolean proven) {
    this.capacity = capacity;
    this.proven = proven;
  }

  /** Our processor is in the pipeline: deferring is safe from now on. */
  void proven() {
    if (!proven) {
      proven = true;
    }
  }

  /**
   * Registers {@code writer} for the span with this context, which must be sampled and not yet
   * ended. Returns false, registering nothing, when the export is closed or {@code capacity}
   * writers wait: the caller then writes the attributes itself.
   */
  public boolean defer(SpanContext span, Writer writer) {
    if (closed || !proven || pending.size() >= capacity) {
      return false;
    }
    pending.put(span, writer);
    return true;
  }

  /** How many writers wait for their span's export. */
  public int pending() {
    return pending.size();
  }

  /** Removes and returns the writer of this span, or null. */
  Writer take(SpanContext span) {
    return pending.isEmpty() ? null : pending.remove(span);
  }

  /** Forgets the writer of a span that will not be exported. */
  void discard(SpanContext span) {
    if (!pending.isEmpty()) {
      pending.remove(span);
    }
  }

  /** Refuses new writers and forgets waiting ones: after shutdown no span is exported. */
  void close() {
    closed = true;
    pending.clear();
  }

  /** Writes {@code writer}'s attributes into {@code into}; false when it threw. */
  boolean write(Writer writer, AttributesBuilder into) {
    try {
      writer.write(into);
      return true;
    } catch (Throwable t) {
      if (warned.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "HoneyHive: writing a span's content at export failed; the span is exported without"
                + " it. Further failures are logged at FINE.",
            t);
      } else if (logger.isLoggable(Level.FINE)) {
        logger.log(Level.FINE, "HoneyHive: writing a span's content at export failed", t);
      }
      return false;
    }
  }
}
