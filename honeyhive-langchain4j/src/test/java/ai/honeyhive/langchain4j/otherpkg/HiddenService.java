package ai.honeyhive.langchain4j.otherpkg;

/** A package-private service interface in another package, as a user's application may have. */
public final class HiddenService {

  interface Hidden {
    String greet(String name);

    default String greetTwice(String name) {
      return greet(name) + " / " + greet(name);
    }
  }

  static final class Impl implements Hidden {
    @Override
    public String greet(String name) {
      return "hi " + name;
    }
  }

  /** The interface, which the test cannot name. */
  public static Class<?> type() {
    return Hidden.class;
  }

  /** A plain implementation that keeps the default method. */
  public static Object create() {
    return new Impl();
  }

  /** Calls the default method on {@code service}, as the application would. */
  public static String callGreetTwice(Object service) {
    return ((Hidden) service).greetTwice("ana");
  }

  private HiddenService() {}
}
