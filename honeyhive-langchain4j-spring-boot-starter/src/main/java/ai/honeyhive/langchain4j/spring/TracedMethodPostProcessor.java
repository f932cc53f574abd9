package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTrace;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Proxies every bean with a {@link HoneyHiveTrace @HoneyHiveTrace} method (on its class or an
 * interface it implements) so that each call of such a method from outside the bean is a span, as
 * Spring's {@code @Async} and {@code @Validated} post-processors do for theirs: a class-based
 * (CGLIB) proxy, or one more advisor on the bean's existing Spring proxy. It leaves alone JDK
 * proxies that are not Spring's: AI services (which the AI-service post-processor traces already,
 * and whose interface methods may carry the same annotation) and {@code tracer.decorate(...)}'s
 * proxies. A bean that cannot be proxied (a final class) stays as it is, and one line says so.
 */
final class TracedMethodPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

  private static final long serialVersionUID = 1L;

  TracedMethodPostProcessor(ObjectProvider<HoneyHiveTracer> tracer) {
    this.advisor =
        new DefaultPointcutAdvisor(
            new AnnotationMatchingPointcut(null, HoneyHiveTrace.class, true), new TracedMethodInterceptor(tracer));
    setProxyTargetClass(true);
    // Outermost on an existing proxy: the span covers what the bean's other advice does
    // (a transaction's commit, for example).
    setBeforeExistingAdvisors(true);
  }

  @Override
  protected boolean isEligible(Class<?> targetClass) {
    if (Proxy.isProxyClass(targetClass) || !super.isEligible(targetClass)) {
      return false;
    }
    if (Modifier.isFinal(targetClass.getModifiers())) {
      HoneyHiveAutoConfiguration.logger.warning(
          "HoneyHive: " + targetClass.getName() + " has @HoneyHiveTrace methods but is final, so Spring cannot"
              + " proxy it; its calls are not traced");
      return false;
    }
    return true;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    try {
      return super.postProcessAfterInitialization(bean, beanName);
    } catch (RuntimeException | LinkageError e) {
      // Tracing must not stop the application: the bean runs untraced.
      HoneyHiveAutoConfiguration.logger.warning(
          "HoneyHive: could not proxy bean '" + beanName + "' to trace its @HoneyHiveTrace methods ("
              + e.getClass().getName() + ": " + e.getMessage() + "); its calls are not traced");
      return bean;
    }
  }
}
