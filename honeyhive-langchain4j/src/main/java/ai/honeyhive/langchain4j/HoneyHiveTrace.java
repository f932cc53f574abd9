package ai.honeyhive.langchain4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the span of a method of an interface decorated with {@link HoneyHiveTracer#decorate(Class,
 * Object)}, and its HoneyHive event type. Without it, the span is named {@code invoke_agent
 * Interface.method} and is a {@link EventType#CHAIN chain} event. A {@link EventType#TOOL tool}
 * method's span is an {@code execute_tool} span (default name {@code execute_tool
 * Interface.method}), a {@link EventType#MODEL model} method's is named {@code Interface.method};
 * only a chain is labelled as an agent.
 *
 * <pre>{@code
 * interface Assistant {
 *   @HoneyHiveTrace(name = "answer-billing-question")
 *   String chat(String question);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HoneyHiveTrace {

  /**
   * The span name, also sent as the event name ({@code honeyhive_event_name}) and, for a tool, as
   * {@code gen_ai.tool.name}; empty means a name made of the interface and method names and no
   * event name.
   *
   * @return the span name, or {@code ""} (the default) for the interface and method name
   */
  String name() default "";

  /**
   * The HoneyHive event type; defaults to {@link EventType#CHAIN}.
   *
   * @return the event type recorded on the method's span
   */
  EventType eventType() default EventType.CHAIN;
}
