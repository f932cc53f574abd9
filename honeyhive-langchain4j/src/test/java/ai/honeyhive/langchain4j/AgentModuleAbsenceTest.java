package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agentic.observability.AgentListener;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code langchain4j-agentic} is optional: an application without it builds and uses the tracer
 * (every public method is readable by reflection, as Spring and CDI read them), and no agent class
 * of ours is loaded. Each case runs the library in a class loader of its own, over the test class
 * path with or without the agentic jar.
 */
class AgentModuleAbsenceTest {

  /** Loads everything itself from {@code urls}; records which of our classes it defined. */
  static final class IsolatedLoader extends URLClassLoader {
    final Set<String> ours = ConcurrentHashMap.newKeySet();

    IsolatedLoader(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      Class<?> type = super.findClass(name);
      if (name.startsWith("ai.honeyhive.")) {
        ours.add(name);
      }
      return type;
    }
  }

  private static IsolatedLoader loader(boolean withAgentic) throws Exception {
    Path agenticJar = Paths.get(AgentListener.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Paths.get(entry).toAbsolutePath();
      if (!withAgentic && path.equals(agenticJar.toAbsolutePath())) {
        continue;
      }
      urls.add(url(path));
    }
    return new IsolatedLoader(urls.toArray(new URL[0]));
  }

  private static URL url(Path path) throws MalformedURLException {
    return path.toUri().toURL();
  }

  /** A tracer built inside {@code loader}, as an application would, with a no-op OpenTelemetry. */
  private static Object tracer(ClassLoader loader) throws Exception {
    Class<?> tracerType = Class.forName("ai.honeyhive.langchain4j.HoneyHiveTracer", true, loader);
    Class<?> openTelemetryType = Class.forName("io.opentelemetry.api.OpenTelemetry", true, loader);
    Object builder = tracerType.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("openTelemetry", openTelemetryType)
        .invoke(builder, openTelemetryType.getMethod("noop").invoke(null));
    Function<String, String> noEnvironment = name -> null;
    Method environment = builder.getClass().getDeclaredMethod("environment", Function.class);
    environment.setAccessible(true);
    builder = environment.invoke(builder, noEnvironment);
    return builder.getClass().getMethod("build").invoke(builder);
  }

  private static Object call(Object target, String method) throws Throwable {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** {@code AgentTelemetry.create(tracer).agentListener()}, inside the tracer's loader. */
  private static Object agentListener(Object tracer) throws Throwable {
    ClassLoader loader = tracer.getClass().getClassLoader();
    Class<?> entry = Class.forName("ai.honeyhive.langchain4j.agentic.AgentTelemetry", true, loader);
    // As the application's bytecode links it: one method, not every signature of the class (which
    // reflection would read, and which names the agentic module's types).
    Object telemetry =
        java.lang.invoke.MethodHandles.publicLookup()
            .findStatic(entry, "create", java.lang.invoke.MethodType.methodType(entry, tracer.getClass()))
            .invoke(tracer);
    return java.lang.invoke.MethodHandles.publicLookup()
        .findVirtual(entry, "agentListener", java.lang.invoke.MethodType.methodType(
            Class.forName("dev.langchain4j.agentic.observability.AgentListener", false, loader)))
        .invoke(telemetry);
  }

  private static boolean agenticFlag(ClassLoader loader) throws Exception {
    Field flag = Class.forName("ai.honeyhive.langchain4j.internal.LangChain4jFeatures", true, loader).getDeclaredField("AGENTIC");
    flag.setAccessible(true);
    return flag.getBoolean(null);
  }

  @Test
  void withoutTheAgenticModuleTheTracerWorksAndLoadsNoAgentClassOfOurs() throws Throwable {
    try (IsolatedLoader loader = loader(false)) {
      assertThatThrownBy(() -> Class.forName("dev.langchain4j.agentic.observability.AgentListener", false, loader))
          .isInstanceOf(ClassNotFoundException.class);

      Object tracer = tracer(loader);
      // What Spring and CDI do with a bean: read every method's signature.
      for (Method m : tracer.getClass().getDeclaredMethods()) {
        m.getGenericReturnType();
        m.getGenericParameterTypes();
      }
      for (Method m : tracer.getClass().getMethods()) {
        if (m.getParameterCount() == 0
            && !Modifier.isStatic(m.getModifiers())
            && m.getDeclaringClass() == tracer.getClass()
            && !m.getName().equals("close")
            && !m.getName().equals("flush")) {
          call(tracer, m.getName());
        }
      }
      assertThat(agenticFlag(loader)).isFalse();

      assertThatThrownBy(() -> agentListener(tracer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("langchain4j-agentic")
          .hasMessageContaining("it is not there");

      call(tracer, "close");
      assertThat(loader.ours).contains("ai.honeyhive.langchain4j.HoneyHiveTracer", "ai.honeyhive.langchain4j.internal.aiservices.AiServiceHooks");
      assertThat(loader.ours).noneMatch(name -> name.contains("AgentListener"));
    }
  }

  @Test
  void withTheAgenticModuleTheListenerClassLoadsOnlyWhenFirstAskedFor() throws Throwable {
    try (IsolatedLoader loader = loader(true)) {
      Object tracer = tracer(loader);
      call(tracer, "chatModelListener");
      assertThat(agenticFlag(loader)).isTrue();
      assertThat(loader.ours).noneMatch(name -> name.contains("AgentListener"));

      Object listener = agentListener(tracer);

      assertThat(listener.getClass().getName()).isEqualTo("ai.honeyhive.langchain4j.agentic.HoneyHiveAgentListener");
      assertThat(Class.forName("dev.langchain4j.agentic.observability.AgentListener", false, loader).isInstance(listener))
          .isTrue();
      assertThat(loader.ours).contains("ai.honeyhive.langchain4j.agentic.HoneyHiveAgentListener");
      call(tracer, "close");
    }
  }
}
