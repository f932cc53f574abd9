package ai.honeyhive.langchain4j.internal;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ARGUMENTS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_RESULT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.content.Values;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tool spans: their common attributes, and, for LangChain4j releases without tool hooks (before
 * 1.11), tool spans rebuilt from the conversation. There, a model answer that asks for tools opens
 * a tool span per request id; the next model request that carries that id's result ends it. The
 * span runs from the answer to that request: the tool's own time plus the little LangChain4j needs
 * around it. Such spans carry {@code honeyhive_metadata.tool_span_source = conversation}.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class ToolSpans {

  public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("honeyhive_metadata.tool_span_source");
  public static final AttributeKey<Boolean> ABANDONED = AttributeKey.booleanKey("honeyhive_metadata.tool_result_missing");

  private ToolSpans() {}

  public static SpanBuilder builder(Instrumentation instrumentation, ToolExecutionRequest request, Context parent) {
    String name = request.name() == null ? "unknown" : request.name();
    SpanBuilder builder =
        instrumentation
            .spanBuilder(Operations.EXECUTE_TOOL + ' ' + name, SpanKind.INTERNAL, parent, EventTypes.TOOL)
            .setAttribute(GEN_AI_OPERATION_NAME, Operations.EXECUTE_TOOL)
            .setAttribute(GEN_AI_TOOL_NAME, name)
            .setAttribute(GEN_AI_TOOL_TYPE, "function");
    if (request.id() != null) {
      builder.setAttribute(GEN_AI_TOOL_CALL_ID, request.id());
    }
    if (instrumentation.captureContent && request.arguments() != null) {
      builder.setAttribute(GEN_AI_TOOL_CALL_ARGUMENTS, instrumentation.content.apply(request.arguments()));
      Values.flattenJsonInto(builder, HONEYHIVE_INPUTS_PREFIX, request.arguments(), instrumentation.content);
    }
    return builder;
  }

  /** The tool's result, already filtered: under the semconv key and HoneyHive's. */
  public static void result(Span span, String recorded) {
    span.setAttribute(GEN_AI_TOOL_CALL_RESULT, recorded);
    span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "result", recorded);
  }

  /** Tool calls a model answer asked for, waiting for their results in a later request. */
  public static final class FromConversation {

    /** Calls whose result never came (the conversation ended there) are dropped past this many. */
    public static final int MAX_PENDING = 10_000;

    private final Instrumentation instrumentation;
    private final ConcurrentHashMap<String, Span> pending = new ConcurrentHashMap<>();
    private final AtomicLong abandoned = new AtomicLong();

    public FromConversation(Instrumentation instrumentation) {
      this.instrumentation = instrumentation;
    }

    /**
     * After a model answer: starts a tool span for each tool call it asks for. Called once the
     * answer's own span has ended, so the tool span starts after it on the same clock.
     */
    public void answered(AiMessage answer, Context parent) {
      if (answer == null || !answer.hasToolExecutionRequests()) {
        return;
      }
      for (ToolExecutionRequest request : answer.toolExecutionRequests()) {
        if (request == null || request.id() == null) {
          continue;
        }
        if (pending.size() >= MAX_PENDING) {
          abandonAll();
        }
        Span span = builder(instrumentation, request, parent).setAttribute(SOURCE, "conversation").startSpan();
        Span previous = pending.put(request.id(), span);
        if (previous != null) {
          previous.end();
        }
      }
    }

    /** Before a model request: ends the tool span of each pending call whose result it carries. */
    public void requested(List<ChatMessage> messages) {
      if (pending.isEmpty() || messages == null) {
        return;
      }
      for (ChatMessage message : messages) {
        if (!(message instanceof ToolExecutionResultMessage)) {
          continue;
        }
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
        Span span = result.id() == null ? null : pending.remove(result.id());
        if (span == null) {
          continue;
        }
        if (instrumentation.captureContent && result.text() != null) {
          result(span, instrumentation.content.apply(result.text()));
        }
        span.end();
      }
    }

    /**
     * Ends, unfinished, the spans of calls whose results never came (the conversation stopped at
     * the tool call), so that they are exported and the map stays bounded; counted.
     */
    private void abandonAll() {
      for (String id : pending.keySet()) {
        Span span = pending.remove(id);
        if (span != null) {
          span.setAttribute(ABANDONED, true);
          span.end();
          abandoned.incrementAndGet();
        }
      }
    }

    /** Tool spans ended without a result because none came; for tests and support. */
    public long abandoned() {
      return abandoned.get();
    }

    public int pending() {
      return pending.size();
    }
  }
}
