package ai.honeyhive.langchain4j;

/** Which optional LangChain4j modules the user has; checked once, without loading their classes. */
final class OptionalModules {

  static final boolean OPENAI = isPresent("dev.langchain4j.model.openai.OpenAiTokenUsage");
  static final boolean AI_SERVICES = isPresent("dev.langchain4j.service.TokenStream");

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, OptionalModules.class.getClassLoader());
      return true;
    } catch (Throwable notThere) {
      return false;
    }
  }

  private OptionalModules() {}
}
