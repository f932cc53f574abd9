package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application without {@code langchain4j-mcp}: our classes, loaded from a class path without
 * it, read by reflection as Spring and CDI read them, and a tracer built and used, load none of our
 * MCP code; asking for an MCP listener says what is missing.
 */
class McpAbsentTest {

  /** Loads everything itself (no parent but the platform's), and says what it loaded. */
  private static final class WithoutMcp extends URLClassLoader {
    WithoutMcp(URL[] urls) {
      super("without-mcp", urls, ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @Test
  void withoutTheModuleTheTracerWorksAndLoadsNoMcpCodeOfOurs() throws Exception {
    try (WithoutMcp loader = new WithoutMcp(classPathWithout("langchain4j-mcp"))) {
      assertThatThrownBy(() -> loader.loadClass("dev.langchain4j.mcp.client.McpClientListener"))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> tracerClass = loader.loadClass(HoneyHiveTracer.class.getName());
      assertThat(tracerClass.getDeclaredMethods()).isNotEmpty();
      assertThat(tracerClass.getDeclaredFields()).isNotEmpty();
      Class<?> openTelemetry = loader.loadClass("io.opentelemetry.api.OpenTelemetry");
      Object builder = tracerClass.getMethod("builder").invoke(null);
      builder.getClass().getMethod("openTelemetry", openTelemetry).invoke(builder, openTelemetry.getMethod("noop").invoke(null));
      builder.getClass().getMethod("project", String.class).invoke(builder, "no-mcp");
      Object tracer = builder.getClass().getMethod("build").invoke(builder);
      try {
        assertThat(tracerClass.getMethod("chatModelListener").invoke(tracer)).isNotNull();
        Class<?> entry = loader.loadClass("ai.honeyhive.langchain4j.mcp.McpTelemetry");
        // Linked as the application's bytecode links it: reflection would read every signature.
        java.lang.invoke.MethodHandle create =
            java.lang.invoke.MethodHandles.publicLookup()
                .findStatic(entry, "create", java.lang.invoke.MethodType.methodType(entry, tracerClass));
        assertThatThrownBy(() -> create.invoke(tracer))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("McpTelemetry needs dev.langchain4j:langchain4j-mcp 1.14.0-beta24 or later on the classpath");
        Field mcp = loader.loadClass(LangChain4jFeatures.class.getName()).getDeclaredField("MCP");
        mcp.setAccessible(true);
        assertThat(mcp.getBoolean(null)).isFalse();
        assertThat(loader.loaded("ai.honeyhive.langchain4j.mcp.McpTracing$Listener")).isFalse();
        assertThat(loader.loaded("dev.langchain4j.mcp.client.McpClientListener")).isFalse();
      } finally {
        tracerClass.getMethod("close").invoke(tracer);
      }
    }
  }

  /** The test class path (surefire's, when it runs us from a manifest-only jar) minus one artifact. */
  private static URL[] classPathWithout(String artifact) throws Exception {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !new File(entry).getName().startsWith(artifact + "-")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    assertThat(urls).hasSizeLessThan(path.split(File.pathSeparator).length);
    return urls.toArray(new URL[0]);
  }
}
