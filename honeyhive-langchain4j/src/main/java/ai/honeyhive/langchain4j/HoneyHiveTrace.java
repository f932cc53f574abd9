package ai.honeyhive.langchain4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method to trace and sets its span's name and HoneyHive event type. It serves in two
 * places:
 *
 * <ul>
 *   <li>on a method of an interface decorated with {@link HoneyHiveTracer#decorate(Class, Object)}:
 *       names that method's span; without it the span is {@code invoke_agent Interface.method}, a
 *       {@link EventType#CHAIN chain} event;
 *   <li>on a method of any Spring bean, with the Spring Boot starter
 *       ({@code honeyhive-langchain4j-spring-boot-starter}): each call through the bean is a span,
 *       as {@link HoneyHiveTracer#trace(String)} makes one, with the parameters as inputs by name,
 *       the result as output and an exception as the error; without a name the span is {@code
 *       ClassName.method}. Calls a bean makes on itself are not traced (Spring's proxies see only
 *       calls from outside the bean, as for {@code @Transactional}); docs/spring-boot.md says more.
 * </ul>
 *
 * <pre>{@code
 * interface Assistant {
 *   @HoneyHiveTrace(name = "answer-billing-question")
 *   String chat(String question);
 * }
 *
 * @Service
 * class Scoring {
 *   @HoneyHiveTrace(eventType = EventType.TOOL)
 *   double score(String answer) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HoneyHiveTrace {

  /**
   * The span name; empty means {@code invoke_agent Interface.method} for a decorated interface and
   * {@code ClassName.method} for a Spring bean's method.
   *
   * @return the span name, or {@code ""} (the default) for the type and method name
   */
  String name() default "";

  /**
   * The HoneyHive event type; defaults to {@link EventType#CHAIN}.
   *
   * @return the event type recorded on the method's span
   */
  EventType eventType() default EventType.CHAIN;
}
