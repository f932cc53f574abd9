package ai.honeyhive.langchain4j;

import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DecoratorTest's service. Public, so that the decorator (in another package) may run its default
 * methods on the proxy; a package-private interface elsewhere is HiddenService's case.
 */
public interface Service {
  String greet(String name);

  void fireAndForget(String what);

  CompletableFuture<String> later(String what);

  String fail(String why) throws Exception;

  void stream(String prompt, StreamingChatResponseHandler handler);

  @HoneyHiveTrace(name = "lookup-customer", eventType = EventType.TOOL)
  Map<String, Object> lookup(int id);

  @HoneyHiveTrace(eventType = EventType.TOOL)
  String convert(String amount);

  @HoneyHiveTrace(eventType = EventType.MODEL)
  String complete(String prompt);

  @HoneyHiveTrace(name = "answer-billing-question")
  String answer(String question);

  default String greetTwice(String name) {
    return greet(name) + " " + greet(name);
  }
}
