package ai.honeyhive.langchain4j.internal.aiservices;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_AGENT_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_CONVERSATION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.EventType;
import ai.honeyhive.langchain4j.HoneyHiveTrace;
import ai.honeyhive.langchain4j.internal.ForwardingStreamingHandler;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.Library;
import ai.honeyhive.langchain4j.internal.content.Values;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The AI-service decorator: each interface method call is a parent span with its arguments and
 * result, current while the delegate runs so model, tool and retrieval spans nest beneath it. The
 * delegate's result and exceptions pass through unchanged (a {@code TokenStream} is wrapped, so its
 * span can end when the stream does).
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class TracingInvocationHandler implements InvocationHandler {

  /** The chat-memory id of the AI-service call in progress, for the model spans inside it. */

  private final Class<?> type;
  private final Object delegate;
  private final Instrumentation instrumentation;
  private final ConcurrentHashMap<Method, MethodInfo> methods = new ConcurrentHashMap<>();

  TracingInvocationHandler(Class<?> type, Object delegate, Instrumentation instrumentation) {
    this.type = type;
    this.delegate = delegate;
    this.instrumentation = instrumentation;
  }

  enum ReturnKind {
    VOID,
    TOKEN_STREAM,
    RESULT,
    STAGE,
    VALUE
  }

  private static final String RESULT = HONEYHIVE_OUTPUTS_PREFIX + "result";

  /** Everything about a method that does not change between calls, computed once. */
  static final class MethodInfo {
    final String spanName;
    final String eventType;
    /** {@code honeyhive_event_name}: the annotation's name, or null without one. */
    final String eventName;
    /** {@code gen_ai.operation.name}: invoke_agent, execute_tool, or null for a model event. */
    final String operation;
    /** {@code gen_ai.agent.name}, a chain's interface; null for a tool or model event. */
    final String agentName;
    /** {@code gen_ai.tool.name}, a tool's name; null for a chain or model event. */
    final String toolName;
    /**
     * Whether to run the interface's default body on our proxy; cleared for good when the JVM
     * refuses it (an interface in a named module that does not open its package to us).
     */
    volatile boolean invokeDefault;
    /**
     * The default body through a private lookup in its interface, for an interface we cannot
     * access otherwise (a package-private one), as {@code (proxy, Object[] args) -> result}; set on
     * first use.
     */
    volatile MethodHandle defaultBody;
    /** {@code honeyhive_inputs.{name}} per parameter, or null for one that is not recorded. */
    final String[] inputKeys;
    final int memoryIdIndex;
    final int handlerIndex;
    final ReturnKind returnKind;

    MethodInfo(Class<?> type, Object delegate, Method method) {
      HoneyHiveTrace annotation = method.getAnnotation(HoneyHiveTrace.class);
      EventType kind = annotation != null ? annotation.eventType() : EventType.CHAIN;
      String qualified = type.getSimpleName() + '.' + method.getName();
      this.eventName = annotation != null && !annotation.name().isBlank() ? annotation.name() : null;
      this.eventType = kind.value();
      // Only a chain is an agent: a tool is labelled as the GenAI conventions label a tool call,
      // and a model event is left to HoneyHive's own classification.
      String defaultName;
      if (kind == EventType.TOOL) {
        this.operation = Operations.EXECUTE_TOOL;
        this.agentName = null;
        this.toolName = eventName != null ? eventName : qualified;
        defaultName = Operations.EXECUTE_TOOL + ' ' + qualified;
      } else if (kind == EventType.MODEL) {
        this.operation = null;
        this.agentName = null;
        this.toolName = null;
        defaultName = qualified;
      } else {
        this.operation = Operations.INVOKE_AGENT;
        this.agentName = type.getSimpleName();
        this.toolName = null;
        defaultName = Operations.INVOKE_AGENT + ' ' + qualified;
      }
      this.spanName = eventName != null ? eventName : defaultName;
      this.invokeDefault = method.isDefault() && !overrides(delegate.getClass(), method);
      Parameter[] parameters = method.getParameters();
      this.inputKeys = new String[parameters.length];
      int memoryId = -1;
      int handler = -1;
      for (int i = 0; i < parameters.length; i++) {
        Parameter p = parameters[i];
        if (StreamingChatResponseHandler.class.isAssignableFrom(p.getType())) {
          handler = i;
          continue;
        }
        String name = p.isNamePresent() ? p.getName() : "arg" + i;
        for (Annotation a : p.getAnnotations()) {
          String annotationType = a.annotationType().getName();
          if (annotationType.equals("dev.langchain4j.service.MemoryId")) {
            memoryId = i;
            name = "memory_id";
          } else if (annotationType.equals("dev.langchain4j.service.UserMessage")) {
            name = "user_message";
          } else if (LangChain4jFeatures.AI_SERVICES && AiServicesSupport.isV(a)) {
            name = AiServicesSupport.vName(a);
          }
        }
        inputKeys[i] = HONEYHIVE_INPUTS_PREFIX + name;
      }
      this.memoryIdIndex = memoryId;
      this.handlerIndex = handler;
      this.returnKind = returnKind(method.getReturnType());
      if (!invokeDefault && !method.canAccess(delegate)) {
        method.setAccessible(true);
      }
    }

    private static ReturnKind returnKind(Class<?> returnType) {
      if (returnType == void.class) {
        return ReturnKind.VOID;
      }
      if (LangChain4jFeatures.AI_SERVICES && AiServicesSupport.isTokenStream(returnType)) {
        return ReturnKind.TOKEN_STREAM;
      }
      if (LangChain4jFeatures.AI_SERVICES && AiServicesSupport.isResult(returnType)) {
        return ReturnKind.RESULT;
      }
      if (CompletionStage.class.isAssignableFrom(returnType)) {
        return ReturnKind.STAGE;
      }
      return ReturnKind.VALUE;
    }

    /**
     * Whether the delegate's class has its own body for a default method. Proxies (LangChain4j's AI
     * services) route every method to a handler, so for them the interface's default body is the
     * behaviour: run it on our proxy, and the calls it makes are traced too.
     */
    private static boolean overrides(Class<?> delegateClass, Method method) {
      if (Proxy.isProxyClass(delegateClass)) {
        return false;
      }
      try {
        return !delegateClass.getMethod(method.getName(), method.getParameterTypes()).isDefault();
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    MethodInfo info = null;
    Span span = null;
    Context spanContext = null;
    try {
      info = methods.computeIfAbsent(method, m -> new MethodInfo(type, delegate, m));
      Context parent = Context.current();
      span = start(info, parent, args);
      spanContext = parent.with(span);
      if (info.memoryIdIndex >= 0 && args[info.memoryIdIndex] != null) {
        spanContext = spanContext.with(Instrumentation.CONVERSATION_ID, String.valueOf(args[info.memoryIdIndex]));
      }
    } catch (Throwable t) {
      instrumentation.failures.record("decorated " + method.getName(), t);
    }

    Object[] callArgs = args;
    boolean handlerEndsSpan = false;
    if (span != null && info.handlerIndex >= 0 && args[info.handlerIndex] != null) {
      callArgs = args.clone();
      callArgs[info.handlerIndex] =
          new SpanEndingHandler(
              (StreamingChatResponseHandler) args[info.handlerIndex], span, spanContext, instrumentation);
      handlerEndsSpan = true;
    }

    Object result;
    Scope scope = spanContext == null ? null : spanContext.makeCurrent();
    try {
      result = call(proxy, method, info, callArgs);
    } catch (Throwable error) {
      if (span != null) {
        endWithError(span, error);
      }
      throw error;
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
    if (span == null) {
      return result;
    }
    try {
      return finish(span, spanContext, info, result, handlerEndsSpan);
    } catch (Throwable t) {
      instrumentation.failures.record("decorated " + method.getName() + " result", t);
      span.end();
      return result;
    }
  }

  public int cachedMethodCount() {
    return methods.size();
  }

  private Object call(Object proxy, Method method, MethodInfo info, Object[] args) throws Throwable {
    boolean invokeDefault =
        info != null ? info.invokeDefault : method.isDefault() && Proxy.isProxyClass(delegate.getClass());
    try {
      if (invokeDefault) {
        MethodHandle body = info != null ? info.defaultBody : null;
        if (body != null) {
          return body.invoke(proxy, args == null ? NO_ARGS : args);
        }
        try {
          return InvocationHandler.invokeDefault(proxy, method, args);
        } catch (IllegalAccessException inaccessible) {
          // Thrown before the body runs. An interface we cannot access (package-private) still
          // lets a private lookup in it run the body on our proxy wherever its module opens the
          // package to ours: always on the class path.
          body = defaultBody(method);
          if (body != null) {
            if (info != null) {
              info.defaultBody = body;
            }
            return body.invoke(proxy, args == null ? NO_ARGS : args);
          }
          // Refused: the delegate's own copy of the default method does the same work (its inner
          // calls are then not traced).
          if (info != null) {
            info.invokeDefault = false;
          }
          // The interface is not public to us, so neither is its method: open it once, here.
          try {
            method.setAccessible(true);
          } catch (RuntimeException refused) {
            // A module that does not open the package: the plain invocation below reports it.
          }
          java.util.logging.Logger.getLogger(Library.LOGGER_NAME)
              .info(
                  "HoneyHive: " + type.getName() + "." + method.getName() + " is a default method of an"
                      + " interface this library cannot access (its module does not open "
                      + method.getDeclaringClass().getPackageName() + " to "
                      + TracingInvocationHandler.class.getModule() + "); it runs on the delegate, so the"
                      + " calls it makes to the same interface are not traced as separate spans");
        }
      }
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final Object[] NO_ARGS = new Object[0];

  /**
   * The default body of {@code method} as {@code (Object receiver, Object[] args) -> Object},
   * through a private lookup in its interface; null where the interface's module does not open its
   * package to ours.
   */
  private static MethodHandle defaultBody(Method method) {
    Class<?> declaring = method.getDeclaringClass();
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
      MethodHandle special = lookup.unreflectSpecial(method, declaring);
      return special
          .asType(special.type().generic())
          .asSpreader(Object[].class, method.getParameterCount());
    } catch (IllegalAccessException | RuntimeException refused) {
      return null;
    }
  }

  private Span start(MethodInfo info, Context parent, Object[] args) {
    SpanBuilder builder =
        instrumentation.spanBuilder(info.spanName, SpanKind.INTERNAL, parent, info.eventType);
    if (info.eventName != null) {
      builder.setAttribute(HONEYHIVE_EVENT_NAME, info.eventName);
    }
    if (info.operation != null) {
      builder.setAttribute(GEN_AI_OPERATION_NAME, info.operation);
    }
    if (info.agentName != null) {
      builder.setAttribute(GEN_AI_AGENT_NAME, info.agentName);
    }
    if (info.toolName != null) {
      builder.setAttribute(GEN_AI_TOOL_NAME, info.toolName);
    }
    if (info.memoryIdIndex >= 0 && args[info.memoryIdIndex] != null) {
      builder.setAttribute(GEN_AI_CONVERSATION_ID, String.valueOf(args[info.memoryIdIndex]));
    }
    if (instrumentation.captureContent && args != null) {
      for (int i = 0; i < args.length; i++) {
        if (info.inputKeys[i] != null && args[i] != null) {
          Values.put(builder, info.inputKeys[i], args[i], instrumentation.content);
        }
      }
    }
    return builder.startSpan();
  }

  private Object finish(Span span, Context spanContext, MethodInfo info, Object result, boolean handlerEndsSpan) {
    switch (info.returnKind) {
      case VOID:
        if (!handlerEndsSpan) {
          span.end();
        }
        return result;
      case TOKEN_STREAM:
        if (result == null) {
          span.end();
          return null;
        }
        return AiServicesSupport.traced(result, span, spanContext, instrumentation);
      case RESULT:
        if (result != null) {
          AiServicesSupport.recordResult(span, result, instrumentation.captureContent ? instrumentation.content : null);
        }
        span.end();
        return result;
      case STAGE:
        if (result == null) {
          span.end();
          return null;
        }
        AtomicBoolean ended = new AtomicBoolean();
        ((CompletionStage<?>) result)
            .whenComplete(
                (value, error) -> {
                  if (!ended.compareAndSet(false, true)) {
                    return;
                  }
                  if (error != null) {
                    endWithError(span, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                  } else {
                    output(span, value);
                    span.end();
                  }
                });
        return result;
      default:
        output(span, result);
        span.end();
        return result;
    }
  }

  private void output(Span span, Object value) {
    try {
      if (instrumentation.captureContent && value != null) {
        Values.put(span, RESULT, value, instrumentation.content);
      }
    } catch (Throwable t) {
      instrumentation.failures.record("decorator output", t);
    }
  }

  private void endWithError(Span span, Throwable error) {
    try {
      Instrumentation.recordError(span, error);
    } catch (Throwable t) {
      instrumentation.failures.record("decorator error", t);
    } finally {
      span.end();
    }
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "HoneyHive-traced " + type.getName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
      default:
        throw new IllegalStateException("unexpected Object method " + method);
    }
  }

  /** Ends the span when a streaming handler passed to a decorated method completes or fails. */
  static final class SpanEndingHandler extends ForwardingStreamingHandler {
    private final Span span;
    private final Instrumentation instrumentation;
    private final AtomicBoolean ended = new AtomicBoolean();

    SpanEndingHandler(
        StreamingChatResponseHandler delegate, Span span, Context context, Instrumentation instrumentation) {
      super(delegate, context, instrumentation.failures);
      this.span = span;
      this.instrumentation = instrumentation;
    }

    @Override
    protected void completed(ChatResponse response) {
      if (ended.compareAndSet(false, true)) {
        try {
          if (instrumentation.captureContent
              && response != null
              && response.aiMessage() != null
              && response.aiMessage().text() != null) {
            span.setAttribute(
                HONEYHIVE_OUTPUTS_PREFIX + "result", instrumentation.content.apply(response.aiMessage().text()));
          }
        } finally {
          span.end();
        }
      }
    }

    @Override
    protected void failed(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        try {
          Instrumentation.recordError(span, error);
        } finally {
          span.end();
        }
      }
    }
  }
}
