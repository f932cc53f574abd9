package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ARGUMENTS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ID;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_CALL_RESULT;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_NAME;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_TYPE;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.HoneyHiveAttributes.Operations;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.GuardrailExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.InputGuardrailExecutedListener;
import dev.langchain4j.observability.api.listener.OutputGuardrailExecutedListener;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tool, guardrail and AI-service lifecycle hooks, in the forms LangChain4j's {@code AiServices}
 * registers. Tool spans start in {@code beforeToolExecution} and end in {@code afterToolExecution}
 * (LangChain4j calls both on the thread that runs the tool), so their durations are real. Their
 * parent is the AI-service call they belong to, found through the invocation id that {@code
 * AiServiceStartedEvent} announced on the caller's thread; that holds for tools run concurrently
 * on other threads too.
 */
final class AiServiceHooks {

  static final int MAX_OPEN = 10_000;

  private final Instrumentation instrumentation;
  private final ConcurrentHashMap<UUID, Context> invocations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<IdentityKey, Span> openTools = new ConcurrentHashMap<>();

  final Consumer<BeforeToolExecution> beforeToolExecution;
  final Consumer<ToolExecution> afterToolExecution;
  final List<AiServiceListener<?>> listeners;

  AiServiceHooks(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    // Each hook exists only where the user's LangChain4j has its types (LangChain4jFeatures):
    // creating a listener of a type that is not there would fail right here.
    if (LangChain4jFeatures.TOOL_HOOKS) {
      this.beforeToolExecution = this::beforeTool;
      this.afterToolExecution = this::afterTool;
    } else {
      this.beforeToolExecution = ignored -> {};
      this.afterToolExecution = ignored -> {};
    }
    this.listeners = LangChain4jFeatures.AI_SERVICE_LISTENERS ? listeners() : List.of();
  }

  private List<AiServiceListener<?>> listeners() {
    List<AiServiceListener<?>> all = new ArrayList<>(6);
    AiServiceStartedListener started = this::started;
    AiServiceCompletedListener completed = e -> forget(e.invocationContext());
    AiServiceErrorListener error = e -> forget(e.invocationContext());
    InputGuardrailExecutedListener input = e -> guardrail(e, "input");
    OutputGuardrailExecutedListener output = e -> guardrail(e, "output");
    all.add(started);
    all.add(completed);
    all.add(error);
    all.add(input);
    all.add(output);
    if (LangChain4jFeatures.REQUEST_ISSUED) {
      all.add(RequestIssued.listener(this));
    }
    return List.copyOf(all);
  }

  /** In a class of its own: {@code AiServiceRequestIssuedListener} is there from LangChain4j 1.11 only. */
  private static final class RequestIssued {
    static AiServiceListener<?> listener(AiServiceHooks hooks) {
      AiServiceRequestIssuedListener listener = hooks::requestIssued;
      return listener;
    }
  }

  private void started(AiServiceStartedEvent event) {
    try {
      UUID id = event.invocationContext() == null ? null : event.invocationContext().invocationId();
      if (id != null) {
        if (invocations.size() >= MAX_OPEN) {
          // Completion events never came for these (an AI service without our listeners' peers).
          invocations.clear();
        }
        invocations.put(id, Context.current());
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AiServiceStartedListener", t);
    }
  }

  /**
   * LangChain4j announces each model call of an AI service right before making it, on the same
   * thread, which for streaming is an HTTP client's callback thread with no context of ours. Tell
   * the chat-model listener which call it belongs to, keyed by the request's last message.
   */
  private void requestIssued(AiServiceRequestIssuedEvent event) {
    try {
      if (event.request() != null && event.request().messages() != null && !event.request().messages().isEmpty()) {
        List<ChatMessage> messages = event.request().messages();
        instrumentation.expectModelCall(messages.get(messages.size() - 1), parent(event.invocationContext()));
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AiServiceRequestIssuedListener", t);
    }
  }

  private void forget(InvocationContext context) {
    try {
      if (context != null && context.invocationId() != null) {
        invocations.remove(context.invocationId());
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AiServiceCompletedListener", t);
    }
  }

  /** The context the AI-service call started in (our chain span), else the current one. */
  Context parent(InvocationContext context) {
    if (context != null && context.invocationId() != null) {
      Context started = invocations.get(context.invocationId());
      if (started != null) {
        return started;
      }
    }
    return Context.current();
  }

  private void beforeTool(BeforeToolExecution before) {
    try {
      ToolExecutionRequest request = before.request();
      Context parent =
          LangChain4jFeatures.TOOL_INVOCATION_CONTEXT ? parent(before.invocationContext()) : Context.current();
      Span span = toolSpan(request, parent).startSpan();
      if (openTools.size() >= MAX_OPEN) {
        openTools.clear();
      }
      openTools.put(new IdentityKey(request), span);
    } catch (Throwable t) {
      instrumentation.failures.record("beforeToolExecution", t);
    }
  }

  private void afterTool(ToolExecution execution) {
    try {
      ToolExecutionRequest request = execution.request();
      Span span = openTools.remove(new IdentityKey(request));
      Instant end = null;
      if (span == null && !LangChain4jFeatures.TOOL_INVOCATION_CONTEXT) {
        // No beforeToolExecution, and a release (before 1.13) that does not say when the tool ran.
        span = toolSpan(request, Context.current()).startSpan();
      } else if (span == null) {
        // No beforeToolExecution (the user replaced our hook): rebuild the span from the times.
        SpanBuilder builder = toolSpan(request, parent(execution.invocationContext()));
        if (execution.startTime() != null) {
          builder.setStartTimestamp(instant(execution.startTime()));
        }
        span = builder.startSpan();
        end = execution.finishTime() == null ? null : instant(execution.finishTime());
      }
      String result = execution.result();
      if (instrumentation.captureContent && result != null) {
        String recorded = instrumentation.content.apply(result);
        span.setAttribute(GEN_AI_TOOL_CALL_RESULT, recorded);
        span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "result", recorded);
      }
      if (LangChain4jFeatures.TOOL_FAILURE && execution.hasFailed()) {
        span.setStatus(StatusCode.ERROR, result == null ? "tool failed" : result);
        span.setAttribute(HoneyHiveAttributes.ERROR_TYPE, "tool_error");
        span.setAttribute(HoneyHiveAttributes.HONEYHIVE_ERROR, result == null ? "tool failed" : result);
      }
      if (end != null) {
        span.end(end);
      } else {
        span.end();
      }
    } catch (Throwable t) {
      instrumentation.failures.record("afterToolExecution", t);
    }
  }

  private SpanBuilder toolSpan(ToolExecutionRequest request, Context parent) {
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

  private void guardrail(GuardrailExecutedEvent<?, ?, ?> event, String kind) {
    try {
      Instant end = Instant.now();
      Duration duration = LangChain4jFeatures.GUARDRAIL_DURATION ? event.duration() : null;
      String name = guardrailName(event);
      SpanBuilder builder =
          instrumentation
              .spanBuilder(
                  "guardrail " + name,
                  SpanKind.INTERNAL,
                  parent(event.invocationContext()),
                  EventTypes.TOOL)
              .setAttribute(AttributeKey.stringKey("honeyhive_metadata.guardrail_kind"), kind)
              .setAttribute(AttributeKey.stringKey("honeyhive_metadata.guardrail_name"), name);
      if (duration != null) {
        builder.setStartTimestamp(end.minus(duration));
      }
      if (instrumentation.captureContent) {
        Object request = event.request();
        if (request instanceof InputGuardrailRequest
            && ((InputGuardrailRequest) request).userMessage() != null) {
          String text = MessageContent.text(((InputGuardrailRequest) request).userMessage());
          if (text != null) {
            builder.setAttribute(HONEYHIVE_INPUTS_PREFIX + "user_message", instrumentation.content.apply(text));
          }
        } else if (request instanceof OutputGuardrailRequest
            && ((OutputGuardrailRequest) request).responseFromLLM() != null
            && ((OutputGuardrailRequest) request).responseFromLLM().aiMessage() != null
            && ((OutputGuardrailRequest) request).responseFromLLM().aiMessage().text() != null) {
          builder.setAttribute(
              HONEYHIVE_INPUTS_PREFIX + "response",
              instrumentation.content.apply(((OutputGuardrailRequest) request).responseFromLLM().aiMessage().text()));
        }
      }
      Span span = builder.startSpan();
      Object result = event.result();
      if (result instanceof GuardrailResult) {
        GuardrailResult<?> r = (GuardrailResult<?>) result;
        span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "result", String.valueOf(r.result()));
        if (!r.isSuccess()) {
          span.setStatus(StatusCode.ERROR, r.asString());
          span.setAttribute(HoneyHiveAttributes.ERROR_TYPE, "guardrail_" + String.valueOf(r.result()).toLowerCase(java.util.Locale.ROOT));
          span.setAttribute(HoneyHiveAttributes.HONEYHIVE_ERROR, r.asString());
        }
      }
      span.end(end);
    } catch (Throwable t) {
      instrumentation.failures.record("GuardrailExecutedListener", t);
    }
  }

  /** The guardrail's name; before LangChain4j 1.16, which has no name, its class's simple name. */
  private static String guardrailName(GuardrailExecutedEvent<?, ?, ?> event) {
    if (LangChain4jFeatures.GUARDRAIL_NAME) {
      return event.guardrailName();
    }
    Class<?> type = event.guardrailClass();
    return type == null ? "unknown" : type.getSimpleName();
  }

  private static Instant instant(LocalDateTime time) {
    return time.atZone(ZoneId.systemDefault()).toInstant();
  }

  int openInvocations() {
    return invocations.size();
  }

  int openTools() {
    return openTools.size();
  }
}
