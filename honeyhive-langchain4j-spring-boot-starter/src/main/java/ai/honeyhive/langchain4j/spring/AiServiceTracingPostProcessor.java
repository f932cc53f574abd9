package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every AI service bean with {@link HoneyHiveTracer#decorate(Class, Object)}, so that each
 * call is a parent span with the model, tool and guardrail spans of that call beneath it. An AI
 * service is recognised by what {@code AiServices.build()} returns: a JDK proxy of one interface
 * whose invocation handler is LangChain4j's. That covers the LangChain4j starter's {@code
 * @AiService} beans and {@code @Bean} methods that return {@code AiServices.builder(...).build()};
 * other beans are returned untouched.
 */
public final class AiServiceTracingPostProcessor implements BeanPostProcessor {

  private final ObjectProvider<HoneyHiveTracer> tracer;

  AiServiceTracingPostProcessor(ObjectProvider<HoneyHiveTracer> tracer) {
    this.tracer = tracer;
  }

  /**
   * Returns {@code bean} decorated when it is an AI service, else {@code bean} itself.
   *
   * @param bean the initialised bean
   * @param beanName its name
   * @return the bean to expose
   */
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = aiServiceInterface(bean);
    if (type == null) {
      return bean;
    }
    HoneyHiveTracer t = tracer.getIfAvailable();
    return t == null ? bean : decorate(t, type, bean);
  }

  static Class<?> aiServiceInterface(Object bean) {
    if (bean == null || !Proxy.isProxyClass(bean.getClass())) {
      return null;
    }
    InvocationHandler handler = Proxy.getInvocationHandler(bean);
    if (!handler.getClass().getName().startsWith("dev.langchain4j.service.")) {
      return null;
    }
    Class<?>[] interfaces = bean.getClass().getInterfaces();
    return interfaces.length == 1 ? interfaces[0] : null;
  }

  @SuppressWarnings("unchecked")
  private static <T> T decorate(HoneyHiveTracer tracer, Class<T> type, Object bean) {
    return tracer.decorate(type, (T) bean);
  }
}
