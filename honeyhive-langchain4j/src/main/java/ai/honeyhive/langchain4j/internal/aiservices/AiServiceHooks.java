package ai.honeyhive.langchain4j.internal.aiservices;

import ai.honeyhive.langchain4j.internal.IdentityKey;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.ToolSpans;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tool hooks and the AI-service invocations they belong to, in the forms LangChain4j's {@code
 * AiServices} registers. Tool spans start in {@code beforeToolExecution} and end in {@code
 * afterToolExecution} (LangChain4j calls both on the thread that runs the tool), so their
 * durations are real. Their parent is the AI-service call they belong to, found through the
 * invocation id that {@code AiServiceStartedEvent} announced on the caller's thread; that holds for
 * tools run concurrently on other threads too (LangChain4j 1.13 and later; before, the tool's
 * thread's current context).
 *
 * <p>This class loads on every LangChain4j 1.x: what needs a newer release is behind a {@link
 * LangChain4jFeatures} flag, and the AI-service event listeners (1.6 and later) live in {@link
 * AiServiceEvents}, which is loaded only where they exist.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class AiServiceHooks {

  static final int MAX_OPEN = 10_000;

  final Instrumentation instrumentation;
  private final ConcurrentHashMap<UUID, Context> invocations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<IdentityKey, Span> openTools = new ConcurrentHashMap<>();

  final Consumer<BeforeToolExecution> beforeToolExecution;
  final Consumer<ToolExecution> afterToolExecution;
  final List<AiServiceListener<?>> listeners;

  public AiServiceHooks(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    if (LangChain4jFeatures.TOOL_HOOKS) {
      this.beforeToolExecution = this::beforeTool;
      this.afterToolExecution = this::afterTool;
    } else {
      this.beforeToolExecution = ignore();
      this.afterToolExecution = ignore();
    }
    this.listeners = LangChain4jFeatures.AI_SERVICE_LISTENERS ? AiServiceEvents.listeners(this) : List.of();
  }

  private static final Consumer<Object> IGNORE = ignored -> {};

  /**
   * A hook that does nothing, typed as the caller wants: a lambda typed {@code
   * Consumer<BeforeToolExecution>} would load that class, which LangChain4j 1.0 and 1.1 lack.
   */
  @SuppressWarnings("unchecked")
  private static <T> Consumer<T> ignore() {
    return (Consumer<T>) (Consumer<?>) IGNORE;
  }

  /** An AI-service call started on this thread: its tools and model calls belong to {@code context}. */
  void started(UUID invocationId, Context context) {
    if (invocationId == null) {
      return;
    }
    if (invocations.size() >= MAX_OPEN) {
      // Completion events never came for these (an AI service without our listeners' peers).
      invocations.clear();
    }
    invocations.put(invocationId, context);
  }

  void forget(UUID invocationId) {
    if (invocationId != null) {
      invocations.remove(invocationId);
      instrumentation.runningTools.forget(invocationId);
    }
  }

  /** The context the AI-service call started in (our chain span), else the current one. */
  Context parent(UUID invocationId) {
    if (invocationId != null) {
      Context started = invocations.get(invocationId);
      if (started != null) {
        return started;
      }
    }
    return Context.current();
  }

  private void beforeTool(BeforeToolExecution before) {
    try {
      ToolExecutionRequest request = before.request();
      UUID invocationId = LangChain4jFeatures.TOOL_INVOCATION_CONTEXT ? AiServiceEvents.invocationId(before) : null;
      Context parent = LangChain4jFeatures.TOOL_INVOCATION_CONTEXT ? parent(invocationId) : Context.current();
      Span span = toolSpan(request, parent).startSpan();
      if (openTools.size() >= MAX_OPEN) {
        openTools.clear();
      }
      openTools.put(new IdentityKey(request), span);
      instrumentation.runningTools.started(invocationId, span, parent);
    } catch (Throwable t) {
      instrumentation.failures.record("beforeToolExecution", t);
    }
  }

  private void afterTool(ToolExecution execution) {
    try {
      ToolExecutionRequest request = execution.request();
      Span span = openTools.remove(new IdentityKey(request));
      if (span != null) {
        instrumentation.runningTools.ended(span);
      }
      Instant end = null;
      if (span == null && !LangChain4jFeatures.TOOL_INVOCATION_CONTEXT) {
        // No beforeToolExecution, and a release (before 1.13) that does not say when the tool ran.
        span = toolSpan(request, Context.current()).startSpan();
      } else if (span == null) {
        // No beforeToolExecution (the user replaced our hook): rebuild the span from the times.
        SpanBuilder builder = toolSpan(request, parent(AiServiceEvents.invocationId(execution)));
        if (execution.startTime() != null) {
          builder.setStartTimestamp(instant(execution.startTime()));
        }
        span = builder.startSpan();
        end = execution.finishTime() == null ? null : instant(execution.finishTime());
      }
      toolOutcome(instrumentation, span, execution);
      if (end != null) {
        span.end(end);
      } else {
        span.end();
      }
    } catch (Throwable t) {
      instrumentation.failures.record("afterToolExecution", t);
    }
  }

  /** The tool's result (content capture permitting) and, if it failed, the error; before the span ends. */
  public static void toolOutcome(Instrumentation instrumentation, Span span, ToolExecution execution) {
    String result = execution.result();
    if (instrumentation.captureContent && result != null) {
      ToolSpans.result(span, instrumentation.content.apply(result));
    }
    if (LangChain4jFeatures.TOOL_FAILURE && execution.hasFailed()) {
      Instrumentation.recordFailure(span, "tool_error", result == null ? "tool failed" : result);
    }
  }

  private SpanBuilder toolSpan(ToolExecutionRequest request, Context parent) {
    return ToolSpans.builder(instrumentation, request, parent);
  }

  public static Instant instant(LocalDateTime time) {
    return time.atZone(ZoneId.systemDefault()).toInstant();
  }

  int openInvocations() {
    return invocations.size();
  }

  int openTools() {
    return openTools.size();
  }
}
