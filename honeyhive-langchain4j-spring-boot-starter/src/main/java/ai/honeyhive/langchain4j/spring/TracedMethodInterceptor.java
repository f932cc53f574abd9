package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTrace;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.TracedInvocation;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Runs a {@link HoneyHiveTrace @HoneyHiveTrace} bean method as a traced call: its span starts when
 * the method is called and ends when it returns or throws, or, for a {@code CompletionStage}, a
 * {@code Mono} or a {@code Flux}, when that completes. The method's outcome is never changed.
 */
final class TracedMethodInterceptor implements MethodInterceptor {

  static final boolean REACTOR =
      ClassUtils.isPresent("reactor.core.publisher.Flux", TracedMethodInterceptor.class.getClassLoader());

  private final ObjectProvider<HoneyHiveTracer> tracer;
  private final Map<MethodClassKey, Plan> plans = new ConcurrentHashMap<>();
  private volatile Instrumentation instrumentation;

  TracedMethodInterceptor(ObjectProvider<HoneyHiveTracer> tracer) {
    this.tracer = tracer;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Instrumentation inst = instrumentation();
    Plan plan = inst == null ? null : plan(inst, invocation);
    TracedInvocation traced =
        plan == null ? null : TracedInvocation.start(inst, plan.name, plan.eventType, plan.inputKeys, invocation.getArguments());
    if (traced == null) {
      return invocation.proceed();
    }
    Object result;
    try (Scope ignored = traced.context().makeCurrent()) {
      result = invocation.proceed();
    } catch (Throwable error) {
      traced.failed(error);
      throw error;
    }
    if (plan.isVoid) {
      traced.succeeded(null, false);
      return result;
    }
    if (REACTOR && ReactorResults.isReactive(result)) {
      return ReactorResults.traced(result, plan.returnType, traced, inst);
    }
    return traced.returned(result);
  }

  private Instrumentation instrumentation() {
    Instrumentation inst = instrumentation;
    if (inst == null) {
      try {
        HoneyHiveTracer t = tracer.getIfAvailable();
        if (t != null) {
          inst = TracerAccess.instrumentation(t);
          instrumentation = inst;
        }
      } catch (RuntimeException e) {
        // The context is starting or closing: the call runs untraced.
        return null;
      }
    }
    return inst;
  }

  private Plan plan(Instrumentation inst, MethodInvocation invocation) {
    Method method = invocation.getMethod();
    Object target = invocation.getThis();
    Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
    try {
      return plans.computeIfAbsent(new MethodClassKey(method, targetClass), key -> Plan.of(method, targetClass));
    } catch (RuntimeException | LinkageError e) {
      inst.failures.record("@HoneyHiveTrace " + method.getName(), e);
      return null;
    }
  }

  /** What every call of one method shares: span name, event type, parameter names. */
  static final class Plan {
    final String name;
    final String eventType;
    /** {@code honeyhive_inputs.<parameter name>}, per parameter. */
    final String[] inputKeys;
    final Class<?> returnType;
    final boolean isVoid;

    private Plan(String name, String eventType, String[] inputKeys, Class<?> returnType) {
      this.name = name;
      this.eventType = eventType;
      this.inputKeys = inputKeys;
      this.returnType = returnType;
      this.isVoid = returnType == void.class;
    }

    static Plan of(Method method, Class<?> targetClass) {
      Class<?> userClass = ClassUtils.getUserClass(targetClass);
      Method specific = AopUtils.getMostSpecificMethod(method, userClass);
      HoneyHiveTrace annotation = AnnotatedElementUtils.findMergedAnnotation(specific, HoneyHiveTrace.class);
      if (annotation == null) {
        annotation = AnnotatedElementUtils.findMergedAnnotation(method, HoneyHiveTrace.class);
      }
      String name =
          annotation == null || annotation.name().isBlank()
              ? userClass.getSimpleName() + "." + method.getName()
              : annotation.name();
      String eventType = (annotation == null ? ai.honeyhive.langchain4j.EventType.CHAIN : annotation.eventType()).value();
      Parameter[] parameters = specific.getParameters();
      String[] names = new String[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        // The real names when the class was compiled with -parameters (Spring Boot's build
        // plugins do that), else arg0, arg1, ...
        names[i] = TracedInvocation.inputKey(parameters[i].getName());
      }
      return new Plan(name, eventType, names, method.getReturnType());
    }
  }
}
