package ai.honeyhive.langchain4j.internal.chat;

import ai.honeyhive.langchain4j.internal.ForwardingStreamingHandler;
import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code StreamingChatModel} that sees what a {@code ChatModelListener} cannot: when the first
 * chunk arrives. It hands a {@link StreamTiming} to our listener through the call's listener
 * attributes, and runs the user's callbacks under the caller's context. Everything else is the
 * delegate's: its listeners, parameters and provider.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class TracingStreamingChatModel implements StreamingChatModel {

  private final StreamingChatModel delegate;
  private final InternalFailures failures;

  public TracingStreamingChatModel(StreamingChatModel delegate, InternalFailures failures) {
    this.delegate = delegate;
    this.failures = failures;
  }

  /** When a streamed call started (set by the listener) and when its first chunk came. */
  static final class StreamTiming {
    static final Object KEY = new Object();

    /**
     * Before LangChain4j 1.13 a caller cannot add listener attributes (no {@code ChatRequestOptions}):
     * the timing waits here for the listener, which LangChain4j calls on the caller's thread before
     * the request goes out.
     */
    private static final ThreadLocal<StreamTiming> PENDING = new ThreadLocal<>();

    /** The timing of the call being started on this thread, if it came without attributes. */
    static StreamTiming takePending() {
      StreamTiming timing = PENDING.get();
      if (timing != null) {
        PENDING.remove();
      }
      return timing;
    }
    volatile long startNanos;
    volatile long firstChunkNanos;

    protected void chunk() {
      if (firstChunkNanos == 0) {
        firstChunkNanos = System.nanoTime();
      }
    }

    /** Seconds from start to first chunk, or -1 when unknown. */
    double timeToFirstChunkSeconds() {
      long start = startNanos;
      long first = firstChunkNanos;
      return start == 0 || first == 0 ? -1 : (first - start) / 1e9;
    }
  }

  @Override
  public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
    if (LangChain4jFeatures.CHAT_REQUEST_OPTIONS) {
      chat(request, ChatRequestOptions.EMPTY, handler);
      return;
    }
    // LangChain4j before 1.13: hand the timing over on this thread (see StreamTiming.PENDING).
    StreamTiming timing = new StreamTiming();
    StreamingChatResponseHandler observed;
    try {
      observed = observed(handler, timing);
      StreamTiming.PENDING.set(timing);
    } catch (Throwable t) {
      failures.record("streaming decorator", t);
      delegate.chat(request, handler);
      return;
    }
    try {
      delegate.chat(request, observed);
    } finally {
      StreamTiming.PENDING.remove();
    }
  }

  private StreamingChatResponseHandler observed(StreamingChatResponseHandler handler, StreamTiming timing) {
    return new ForwardingStreamingHandler(handler, Context.current(), failures) {
      @Override
      protected void chunk() {
        timing.chunk();
      }
    };
  }

  @Override
  public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    StreamTiming timing = new StreamTiming();
    ChatRequestOptions withTiming;
    StreamingChatResponseHandler observed;
    try {
      // The builder keeps the map it is given, and ChatRequestOptions.EMPTY's is unmodifiable.
      Map<Object, Object> attributes = new LinkedHashMap<>();
      if (options != null && options.listenerAttributes() != null) {
        attributes.putAll(options.listenerAttributes());
      }
      attributes.put(StreamTiming.KEY, timing);
      withTiming = ChatRequestOptions.builder().listenerAttributes(attributes).build();
      observed = observed(handler, timing);
    } catch (Throwable t) {
      failures.record("streaming decorator", t);
      delegate.chat(request, options, handler);
      return;
    }
    delegate.chat(request, withTiming, observed);
  }

  @Override
  public List<ChatModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "HoneyHive-traced " + delegate;
  }
}
