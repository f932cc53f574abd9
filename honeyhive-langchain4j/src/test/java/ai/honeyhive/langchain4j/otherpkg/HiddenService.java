package ai.honeyhive.langchain4j.otherpkg;

/** A package-private service interface in another package, as a user's application may have. */
public final class HiddenService {

  interface Hidden {
    String greet(String name);

    String farewell(String name);

    default String visit(String name) {
      return greet(name) + " / " + farewell(name);
    }
  }

  static final class Impl implements Hidden {
    @Override
    public String greet(String name) {
      return "hi " + name;
    }

    @Override
    public String farewell(String name) {
      return "bye " + name;
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
  public static String callVisit(Object service) {
    return ((Hidden) service).visit("ana");
  }

  private HiddenService() {}
}
