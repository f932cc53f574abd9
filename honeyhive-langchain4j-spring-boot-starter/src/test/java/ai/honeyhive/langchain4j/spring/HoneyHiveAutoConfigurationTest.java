package ai.honeyhive.langchain4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the auto-configuration creates, or not, for each combination of properties. */
class HoneyHiveAutoConfigurationTest {

  /** Blank HH_* so that a developer's own environment cannot change the outcome. */
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(HoneyHiveAutoConfiguration.class))
          .withPropertyValues("HH_API_KEY=", "HH_PROJECT=", "HH_CONSOLE=", "HH_API_URL=");

  /** Held strongly: JUL keeps loggers only weakly, and a collected one would lose the handler. */
  private static final Logger LOGGER = Logger.getLogger(HoneyHiveAutoConfiguration.class.getName());

  private final List<String> lines = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    LOGGER.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    LOGGER.removeHandler(capture);
  }

  @Test
  void withoutApiKeyAndProjectTheApplicationStartsUntracedAndSaysSoOnce() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(HoneyHiveTracer.class);
          assertThat(context).doesNotHaveBean(ChatModelListener.class);
          assertThat(context).doesNotHaveBean(AiServiceTracingPostProcessor.class);
        });
    assertThat(lines)
        .containsExactly(
            "HoneyHive tracing is off: set honeyhive.api-key and honeyhive.project (or HH_API_KEY and"
                + " HH_PROJECT), or honeyhive.console=true to print traces locally");
  }

  @Test
  void propertiesGiveATracerAndItsListenerAndTheKeyStaysOutOfTheLog() {
    runner
        .withPropertyValues("honeyhive.api-key=hh-secret-123", "honeyhive.project=shop", "honeyhive.source=staging")
        .run(
            context -> {
              HoneyHiveTracer tracer = context.getBean(HoneyHiveTracer.class);
              assertThat(tracer.project()).isEqualTo("shop");
              assertThat(tracer.source()).isEqualTo("staging");
              assertThat(context.getBean(ChatModelListener.class)).isSameAs(tracer.chatModelListener());
              assertThat(TracedAiServiceContextFactory.registered()).isSameAs(tracer);
              assertThat(context.getBean(HoneyHiveProperties.class).toString()).doesNotContain("hh-secret-123");
            });
    assertThat(lines).containsExactly("HoneyHive tracing is on: project shop");
    assertThat(String.join("\n", lines)).doesNotContain("hh-secret-123");
    // Closing the context stops new AI services from using the closed tracer.
    assertThat(TracedAiServiceContextFactory.registered()).isNull();
  }

  @Test
  void theHoneyHiveEnvironmentVariablesAreEnoughToo() {
    runner
        .withPropertyValues("HH_API_KEY=hh-env-key", "HH_PROJECT=from-env", "HH_SOURCE=ci")
        .run(
            context -> {
              HoneyHiveTracer tracer = context.getBean(HoneyHiveTracer.class);
              assertThat(tracer.project()).isEqualTo("from-env");
              assertThat(tracer.source()).isEqualTo("ci");
            });
  }

  @Test
  void propertiesWinOverTheEnvironment() {
    runner
        .withPropertyValues("HH_API_KEY=hh-env-key", "HH_PROJECT=from-env", "honeyhive.project=from-properties")
        .run(context -> assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("from-properties"));
  }

  @Test
  void enabledFalseTurnsEverythingOffEvenWithAKey() {
    runner
        .withPropertyValues("honeyhive.enabled=false", "honeyhive.api-key=k", "honeyhive.project=p")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(HoneyHiveTracer.class);
              assertThat(context).doesNotHaveBean(ChatModelListener.class);
            });
    assertThat(lines).isEmpty();
  }

  @Test
  void consoleNeedsNoKey() {
    runner
        .withPropertyValues("honeyhive.console=true")
        .run(context -> assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("local"));
    assertThat(lines).containsExactly("HoneyHive tracing is on: project local, printed to the console");
  }

  @Test
  void aConfigurationMistakeFailsStartupNamingThePropertyToSet() {
    runner
        .withPropertyValues("honeyhive.api-key=k", "honeyhive.project=p", "honeyhive.server-url=http://honeyhive.example.com")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidHoneyHivePropertyException.class)
                    .hasMessageContaining("set honeyhive.allow-plain-http=true"));
  }

  /** An application whose AI service is built by hand in a {@code @Bean} method. */
  @Configuration(proxyBeanMethods = false)
  static class HandBuiltService {
    interface Helper {
      String answer(String question);
    }

    /** One per context: closing the context shuts it down. */
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }

    @Bean
    OpenTelemetry openTelemetry(InMemorySpanExporter spans) {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
          .build();
    }

    @Bean
    ChatModel model() {
      return new ChatModel() {
        @Override
        public ChatResponse doChat(ChatRequest request) {
          return ChatResponse.builder().aiMessage(AiMessage.from("42")).build();
        }
      };
    }

    @Bean
    Helper helper(ChatModel model) {
      return AiServices.builder(Helper.class).chatModel(model).build();
    }
  }

  @Test
  void anAiServiceBuiltByHandInABeanMethodGetsItsSpan() {
    runner
        .withUserConfiguration(HandBuiltService.class)
        .withPropertyValues("honeyhive.api-key=k", "honeyhive.project=p")
        .run(
            context -> {
              HandBuiltService.Helper helper = context.getBean(HandBuiltService.Helper.class);
              assertThat(helper.answer("the question")).isEqualTo("42");
              List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
              assertThat(spans).extracting(SpanData::getName).containsExactly("invoke_agent Helper.answer");
              assertThat(spans.get(0).getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("honeyhive.project")))
                  .isEqualTo("p");
            });
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void consoleWithTheApplicationsOpenTelemetryPrintsFromTheApplicationsSdk(CapturedOutput output) {
    runner
        .withUserConfiguration(HandBuiltService.class)
        .withPropertyValues("honeyhive.console=true")
        .run(
            context -> {
              assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("local");
              assertThat(context.getBean(HandBuiltService.Helper.class).answer("the question")).isEqualTo("42");
              // The span went to the application's SDK, not to a console SDK of the tracer's own ...
              List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
              assertThat(spans).extracting(SpanData::getName).containsExactly("invoke_agent Helper.answer");
              assertThat(output.getOut()).doesNotContain("invoke_agent");
              // ... and the exporter Spring Boot adds to that SDK prints it.
              assertThat(context).doesNotHaveBean("honeyHiveSpanExporter");
              SpanExporter console = context.getBean("honeyHiveConsoleSpanExporter", SpanExporter.class);
              assertThat(console.export(spans).isSuccess()).isTrue();
              assertThat(output.getOut()).contains("\ninvoke_agent Helper.answer  ").contains("  chain  inputs.question=the question");
            });
    assertThat(lines)
        .containsExactly(
            "HoneyHive tracing is on: project local, printed to the console, spans through the application's"
                + " OpenTelemetry");
  }

  @Test
  void consoleWithAKeyAlsoExportsToHoneyHiveFromTheApplicationsSdk() {
    runner
        .withUserConfiguration(HandBuiltService.class)
        .withPropertyValues(
            "honeyhive.console=true",
            "honeyhive.api-key=k",
            "honeyhive.project=p",
            "honeyhive.server-url=http://127.0.0.1:9") // the session start goes nowhere
        .run(
            context -> {
              assertThat(context.getBean(HoneyHiveTracer.class).project()).isEqualTo("p");
              assertThat(context).hasBean("honeyHiveSpanProcessor").hasBean("honeyHiveConsoleSpanExporter");
            });
  }

  /** An application with a traced method on a plain class, and one on a final class. */
  @Configuration(proxyBeanMethods = false)
  static class TracedBeans {
    static class Scorer {
      @ai.honeyhive.langchain4j.HoneyHiveTrace(eventType = ai.honeyhive.langchain4j.EventType.TOOL)
      public int score(String answer) {
        return answer.length();
      }
    }

    static final class Sealed {
      @ai.honeyhive.langchain4j.HoneyHiveTrace
      public int score(String answer) {
        return answer.length();
      }
    }

    @Bean
    Scorer scorer() {
      return new Scorer();
    }

    @Bean
    Sealed sealed() {
      return new Sealed();
    }
  }

  @Test
  void aBeanWithAnnotatedMethodsIsProxiedAndEachCallIsASpanAFinalClassIsLeftAlone() {
    runner
        .withUserConfiguration(HandBuiltService.class, TracedBeans.class)
        .withPropertyValues("honeyhive.api-key=k", "honeyhive.project=p", "honeyhive.server-url=http://127.0.0.1:9")
        .run(
            context -> {
              TracedBeans.Scorer scorer = context.getBean(TracedBeans.Scorer.class);
              assertThat(org.springframework.aop.support.AopUtils.isCglibProxy(scorer)).isTrue();
              assertThat(scorer.score("four")).isEqualTo(4);
              assertThat(context.getBean(TracedBeans.Sealed.class).score("four")).isEqualTo(4);
              List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
              assertThat(spans).extracting(SpanData::getName).containsExactly("Scorer.score");
              assertThat(spans.get(0).getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("honeyhive_event_type")))
                  .isEqualTo("tool");
            });
    assertThat(lines)
        .contains(
            "HoneyHive: " + TracedBeans.Sealed.class.getName() + " has @HoneyHiveTrace methods but is final, so Spring"
                + " cannot proxy it; its calls are not traced");
  }

  @Test
  void traceAnnotationsFalseLeavesAnnotatedBeansUnproxied() {
    runner
        .withUserConfiguration(HandBuiltService.class, TracedBeans.class)
        .withPropertyValues(
            "honeyhive.api-key=k", "honeyhive.project=p", "honeyhive.server-url=http://127.0.0.1:9",
            "honeyhive.trace-annotations=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TracedMethodPostProcessor.class);
              TracedBeans.Scorer scorer = context.getBean(TracedBeans.Scorer.class);
              assertThat(org.springframework.aop.support.AopUtils.isAopProxy(scorer)).isFalse();
              assertThat(scorer.score("four")).isEqualTo(4);
              assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
            });
  }

  @Test
  void everyPropertyHasIdeMetadataWithADescription() throws Exception {
    try (java.io.InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      com.fasterxml.jackson.databind.JsonNode properties =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("properties");
      List<String> names = new ArrayList<>();
      properties.forEach(
          p -> {
            names.add(p.get("name").asText());
            assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank();
          });
      assertThat(names)
          .containsExactlyInAnyOrder(
              "honeyhive.enabled",
              "honeyhive.api-key",
              "honeyhive.project",
              "honeyhive.source",
              "honeyhive.server-url",
              "honeyhive.session-name",
              "honeyhive.capture-content",
              "honeyhive.console",
              "honeyhive.allow-plain-http",
              "honeyhive.compression",
              "honeyhive.shutdown-timeout",
              "honeyhive.trace-annotations",
              "honeyhive.use-application-open-telemetry");
    }
  }
}
