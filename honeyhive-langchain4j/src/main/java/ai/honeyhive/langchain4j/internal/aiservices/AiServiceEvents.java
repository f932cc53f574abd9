package ai.honeyhive.langchain4j.internal.aiservices;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.content.MessageContent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.invocation.InvocationContext;
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
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The AI-service event listeners (LangChain4j 1.6 and later): invocation bookkeeping for {@link
 * AiServiceHooks}, guardrail spans, and the announcement of each model call. Its types exist only
 * from 1.6, so this class is loaded only where {@link LangChain4jFeatures#AI_SERVICE_LISTENERS}
 * holds; what needs a later release is behind its own flag.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class AiServiceEvents {

  private final AiServiceHooks hooks;
  private final Instrumentation instrumentation;

  private AiServiceEvents(AiServiceHooks hooks) {
    this.hooks = hooks;
    this.instrumentation = hooks.instrumentation;
  }

  public static List<AiServiceListener<?>> listeners(AiServiceHooks hooks) {
    AiServiceEvents events = new AiServiceEvents(hooks);
    List<AiServiceListener<?>> all = new ArrayList<>(6);
    AiServiceStartedListener started = events::started;
    AiServiceCompletedListener completed = e -> events.forget(e.invocationContext());
    AiServiceErrorListener error = e -> events.forget(e.invocationContext());
    InputGuardrailExecutedListener input = e -> events.guardrail(e, "input");
    OutputGuardrailExecutedListener output = e -> events.guardrail(e, "output");
    all.add(started);
    all.add(completed);
    all.add(error);
    all.add(input);
    all.add(output);
    if (LangChain4jFeatures.REQUEST_ISSUED) {
      all.add(RequestIssued.listener(events));
    }
    return List.copyOf(all);
  }

  /** In a class of its own: {@code AiServiceRequestIssuedListener} is there from LangChain4j 1.11 only. */
  private static final class RequestIssued {
    static AiServiceListener<?> listener(AiServiceEvents events) {
      AiServiceRequestIssuedListener listener = events::requestIssued;
      return listener;
    }
  }

  public static UUID invocationId(InvocationContext context) {
    return context == null ? null : context.invocationId();
  }

  /** LangChain4j 1.13 and later only. */
  public static UUID invocationId(BeforeToolExecution before) {
    return invocationId(before.invocationContext());
  }

  /** LangChain4j 1.13 and later only. */
  public static UUID invocationId(ToolExecution execution) {
    return invocationId(execution.invocationContext());
  }

  private void started(AiServiceStartedEvent event) {
    try {
      hooks.started(invocationId(event.invocationContext()), Context.current());
    } catch (Throwable t) {
      instrumentation.failures.record("AiServiceStartedListener", t);
    }
  }

  /**
   * LangChain4j announces each model call of an AI service right before making it, on the same
   * thread, which for streaming is an HTTP client's callback thread with no context of ours. Tell
   * the chat-model listener which call it belongs to, keyed by the request's last message.
   */
  public void requestIssued(AiServiceRequestIssuedEvent event) {
    try {
      if (event.request() != null && event.request().messages() != null && !event.request().messages().isEmpty()) {
        List<ChatMessage> messages = event.request().messages();
        instrumentation.expectModelCall(messages.get(messages.size() - 1), hooks.parent(invocationId(event.invocationContext())));
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AiServiceRequestIssuedListener", t);
    }
  }

  private void forget(InvocationContext context) {
    try {
      hooks.forget(invocationId(context));
    } catch (Throwable t) {
      instrumentation.failures.record("AiServiceCompletedListener", t);
    }
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
                  hooks.parent(invocationId(event.invocationContext())),
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
          Instrumentation.recordFailure(
              span, "guardrail_" + String.valueOf(r.result()).toLowerCase(java.util.Locale.ROOT), r.asString());
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

}
