package ai.honeyhive.langchain4j.quarkus;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.content.Values;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.InputGuardrailExecutedEvent;
import dev.langchain4j.observability.api.event.OutputGuardrailExecutedEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills Quarkus LangChain4j's AI-service span as HoneyHive reads it, from the CDI events Quarkus
 * LangChain4j fires for each AI-service call: the method's arguments as {@code
 * honeyhive_inputs.<parameter>}, its result as {@code honeyhive_outputs.result}, its failure as
 * {@code honeyhive_error}. The events arrive on the calling thread while that span is current.
 */
@Singleton
public class AiServiceSpans {

  private final HoneyHiveTracing tracing;
  private final ConcurrentHashMap<String, String[]> parameterNames = new ConcurrentHashMap<>();

  AiServiceSpans(HoneyHiveTracing tracing) {
    this.tracing = tracing;
  }

  void started(@Observes AiServiceStartedEvent event) {
    Instrumentation i = tracing.instrumentation();
    Span span = i == null || !i.captureContent ? null : aiServiceSpan(event.invocationContext());
    if (span == null) {
      return;
    }
    try {
      InvocationContext context = event.invocationContext();
      List<Object> arguments = context.methodArguments();
      if (arguments == null || arguments.isEmpty()) {
        if (event.userMessage() != null && event.userMessage().hasSingleText()) {
          Values.put(span, HONEYHIVE_INPUTS_PREFIX + "user_message", event.userMessage().singleText(), i.content);
        }
        return;
      }
      String[] names = names(context, arguments.size());
      for (int k = 0; k < arguments.size(); k++) {
        Object value = arguments.get(k);
        if (value != null) {
          Values.put(span, HONEYHIVE_INPUTS_PREFIX + names[k], value, i.content);
        }
      }
    } catch (RuntimeException e) {
      i.failures.record("AiServiceSpans.started", e);
    }
  }

  void completed(@Observes AiServiceCompletedEvent event) {
    Instrumentation i = tracing.instrumentation();
    Span span = i == null || !i.captureContent ? null : aiServiceSpan(event.invocationContext());
    if (span == null) {
      return;
    }
    try {
      event.result().ifPresent(result -> Values.put(span, HONEYHIVE_OUTPUTS_PREFIX + "result", result, i.content));
    } catch (RuntimeException e) {
      i.failures.record("AiServiceSpans.completed", e);
    }
  }

  void failed(@Observes AiServiceErrorEvent event) {
    Instrumentation i = tracing.instrumentation();
    Span span = i == null ? null : aiServiceSpan(event.invocationContext());
    if (span != null) {
      Instrumentation.recordError(span, event.error());
    }
  }

  /**
   * A guardrail's outcome onto its span. Quarkus LangChain4j fires the event on the thread that ran
   * the guardrail, just after the guardrail's span ended, while the AI-service span is current.
   */
  void inputGuardrail(@Observes InputGuardrailExecutedEvent event) {
    if (tracing.instrumentation() != null) {
      tracing.processor().guardrailExecuted(Span.current(), event.guardrailClass(), event.result());
    }
  }

  void outputGuardrail(@Observes OutputGuardrailExecutedEvent event) {
    if (tracing.instrumentation() != null) {
      tracing.processor().guardrailExecuted(Span.current(), event.guardrailClass(), event.result());
    }
  }

  /** The current span if it is Quarkus LangChain4j's span of this call's method. */
  private static Span aiServiceSpan(InvocationContext context) {
    Span span = Span.current();
    if (!(span instanceof ReadableSpan) || context == null) {
      return null;
    }
    String name = ((ReadableSpan) span).getName();
    String interfaceName = context.interfaceName();
    String simple = interfaceName == null ? "" : interfaceName.substring(interfaceName.lastIndexOf('.') + 1);
    simple = simple.substring(simple.lastIndexOf('$') + 1);
    return name.equals(HoneyHiveSpanProcessor.AI_SERVICE_PREFIX + simple + "." + context.methodName()) ? span : null;
  }

  /** The method's parameter names (compiled with -parameters), else arg0, arg1, ... */
  private String[] names(InvocationContext context, int count) {
    String key = context.interfaceName() + '#' + context.methodName() + '/' + count;
    return parameterNames.computeIfAbsent(key, k -> lookUp(context, count));
  }

  private static String[] lookUp(InvocationContext context, int count) {
    String[] names = new String[count];
    for (int k = 0; k < count; k++) {
      names[k] = "arg" + k;
    }
    try {
      Class<?> type = Class.forName(context.interfaceName(), false, Thread.currentThread().getContextClassLoader());
      for (Method m : type.getMethods()) {
        if (m.getName().equals(context.methodName()) && m.getParameterCount() == count) {
          Parameter[] parameters = m.getParameters();
          for (int k = 0; k < count; k++) {
            names[k] = parameters[k].getName();
          }
          break;
        }
      }
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      // names stay argN
    }
    return names;
  }
}
