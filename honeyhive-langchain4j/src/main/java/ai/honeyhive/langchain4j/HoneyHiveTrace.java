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
 *       {@link EventType#CHAIN chain} event. A {@link EventType#TOOL tool} method's span is an
 *       {@code execute_tool} span (default name {@code execute_tool Interface.method}), a {@link
 *       EventType#MODEL model} method's is named {@code Interface.method}; only a chain is labelled
 *       as an agent;
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
   * The span name, also sent as the event name ({@code honeyhive_event_name}) and, for a decorated
   * tool method, as {@code gen_ai.tool.name}. Empty means: for a decorated interface, a name made of
   * the interface and method names and no event name; for a Spring bean's method, {@code
   * ClassName.method} as span and event name.
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
