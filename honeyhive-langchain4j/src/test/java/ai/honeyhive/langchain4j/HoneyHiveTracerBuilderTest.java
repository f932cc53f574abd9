package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.model.ModelProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HoneyHiveTracerBuilderTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static HoneyHiveTracerBuilder builder(Map<String, String> env) {
    return HoneyHiveTracer.builder().environment(env::get);
  }

  @Test
  void missingApiKeyFailsAtBuildNamingTheSetterAndTheVariable() {
    assertThatThrownBy(() -> builder(Map.of()).project("p").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey(...)")
        .hasMessageContaining("HH_API_KEY");
  }

  @Test
  void missingProjectFailsAtBuildNamingTheSetterAndTheVariable() {
    assertThatThrownBy(() -> builder(Map.of()).apiKey("k").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("project(...)")
        .hasMessageContaining("HH_PROJECT");
  }

  @Test
  void blankEnvironmentVariablesCountAsUnset() {
    assertThatThrownBy(() -> builder(Map.of("HH_API_KEY", "  ", "HH_PROJECT", "p")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HH_API_KEY");
  }

  @Test
  void settersRejectNullAndBlankArguments() {
    assertThatThrownBy(() -> HoneyHiveTracer.builder().apiKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("apiKey");
    assertThatThrownBy(() -> HoneyHiveTracer.builder().project(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("project must not be blank");
    assertThatThrownBy(() -> HoneyHiveTracer.builder().openTelemetry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("openTelemetry");
    assertThatThrownBy(() -> HoneyHiveTracer.builder().sessionId(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidServerUrlsAreRejectedWithTheirSource() {
    assertThatThrownBy(() -> HoneyHiveTracer.builder().serverUrl("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverUrl must be an absolute http or https URL");
    assertThatThrownBy(() -> HoneyHiveTracer.builder().serverUrl("api.honeyhive.ai"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HoneyHiveTracer.builder().serverUrl("http://bad host/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverUrl is not a valid URL");
    assertThatThrownBy(
            () ->
                builder(Map.of("HH_API_KEY", "k", "HH_PROJECT", "p", "HH_API_URL", "nope")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HH_API_URL");
  }

  @Test
  void everythingComesFromTheEnvironmentWhenUnsetInCode() {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(200)));
    Map<String, String> env = new HashMap<>();
    env.put("HH_API_KEY", "env-key-123");
    env.put("HH_PROJECT", "env-project");
    env.put("HH_SOURCE", "staging");
    env.put("HH_API_URL", honeyHive.baseUrl() + "/");
    env.put("HH_SESSION_NAME", "env-session");

    try (HoneyHiveTracer tracer = builder(env).build()) {
      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener())
          .chat("hi");
      assertThat(tracer.flush()).isTrue();

      assertThat(tracer.project()).isEqualTo("env-project");
      assertThat(tracer.source()).isEqualTo("staging");
      assertThat(tracer.toString()).contains("serverUrl=" + honeyHive.baseUrl() + ",");
      honeyHive.verify(
          postRequestedFor(urlEqualTo("/opentelemetry/v1/traces"))
              .withHeader("Authorization", equalTo("Bearer env-key-123"))
              .withHeader("X-Source", equalTo("staging")));
    }
  }

  @Test
  void codeWinsOverTheEnvironment() {
    Map<String, String> env =
        Map.of("HH_API_KEY", "env-key", "HH_PROJECT", "env-project", "HH_SOURCE", "env-source");
    try (HoneyHiveTracer tracer =
        builder(env).project("code-project").source("code-source").openTelemetry(otel.getOpenTelemetry()).build()) {
      assertThat(tracer.project()).isEqualTo("code-project");
      assertThat(tracer.source()).isEqualTo("code-source");
    }
  }

  @Test
  void defaultsAreDevSourceProjectAsSessionNameAndARandomUuidSession() {
    try (HoneyHiveTracer a = builder(Map.of()).project("p").openTelemetry(otel.getOpenTelemetry()).build();
        HoneyHiveTracer b = builder(Map.of()).project("p").openTelemetry(otel.getOpenTelemetry()).build()) {
      assertThat(a.source()).isEqualTo("dev");
      assertThat(UUID.fromString(a.sessionId()).toString()).isEqualTo(a.sessionId());
      assertThat(a.sessionId()).isNotEqualTo(b.sessionId());
      assertThat(a.toString()).contains("serverUrl=https://api.dp1.us.honeyhive.ai,");

      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, a.chatModelListener()).chat("hi");
      assertThat(otel.getSpans().get(0).getAttributes().get(AttributeKey.stringKey("honeyhive.session_name")))
          .isEqualTo("p");
    }
  }

  @Test
  void withAUserOpenTelemetryNeitherKeyNorProjectIsRequiredAndTheSdkIsNotShutDown() {
    HoneyHiveTracer tracer = builder(Map.of()).openTelemetry(otel.getOpenTelemetry()).build();
    new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener()).chat("one");
    tracer.close();
    tracer.close();

    otel.getOpenTelemetry().getTracer("user").spanBuilder("after close").startSpan().end();

    assertThat(otel.getSpans()).extracting(s -> s.getName()).containsExactly("chat", "after close");
    assertThat(otel.getSpans().get(0).getAttributes().get(AttributeKey.stringKey("honeyhive.project")))
        .isNull();
    assertThat(tracer.openTelemetry()).isSameAs(otel.getOpenTelemetry());
  }

  @Test
  void disableTracingEnvironmentVariableTurnsTheListenerIntoANoOpWithoutCredentials() {
    try (HoneyHiveTracer tracer = builder(Map.of("HH_DISABLE_TRACING", "true")).build()) {
      String answer =
          new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener())
              .chat("hi");

      assertThat(answer).isEqualTo("echo: hi");
      assertThat(tracer.toString()).contains("export=disabled");
      assertThat(tracer.flush()).isTrue();
    }
    assertThat(otel.getSpans()).isEmpty();
  }

  @Test
  void consoleModeNeedsNoCredentialsAndPrintsTheTraceTree() {
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try (HoneyHiveTracer tracer = builder(Map.of("HH_CONSOLE", "true")).sessionId("6a1d0c52-9e3b-4f1a-8c7d-2b5e4f6a7c8d").build()) {
      new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener()).chat("hi");
      assertThat(tracer.flush()).isTrue();
      assertThat(tracer.project()).isEqualTo("local");
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("trace ")
        .contains("  session 6a1d0c52-9e3b-4f1a-8c7d-2b5e4f6a7c8d\nchat  ")
        .contains(" ms  model  tokens=3/4\n");
  }

  @Test
  void consoleModeToStringSaysThereIsNoKeyAndNothingGoesToHoneyHive() {
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8));
    try (HoneyHiveTracer local = builder(Map.of()).console(true).build();
        HoneyHiveTracer both =
            builder(Map.of()).console(true).apiKey("hh-k").project("p").serverUrl(honeyHive.baseUrl()).build()) {
      assertThat(local.toString()).contains("project=local,").contains("apiKey=none,").endsWith("export=console}");
      assertThat(both.toString()).contains("apiKey=OBFUSCATED,").endsWith("export=console+honeyhive}");
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void compressionAcceptsGzipOrNoneAndSaysWhatElseIsWrong() {
    assertThatThrownBy(() -> builder(Map.of()).compression("brotli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compression must be \"gzip\" or \"none\", but was: brotli");
    assertThatThrownBy(() -> builder(Map.of("HH_OTLP_COMPRESSION", "zstd")).apiKey("k").project("p").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HH_OTLP_COMPRESSION must be \"gzip\" or \"none\"");
  }

  @Test
  void sessionIdsAreLowercaseUuidsAndOtherStringsMapToTheSameNameBasedUuidAsPythonsUuid5() {
    // Expected values computed with Python: uuid.uuid5(uuid.NAMESPACE_URL, "honeyhive-session:" + id).
    assertThat(HoneyHiveTracer.sessionIdFor("conv-1")).isEqualTo("4c453cf1-1906-50b1-8053-b4ec69ac3646");
    assertThat(HoneyHiveTracer.sessionIdFor("sess-rest")).isEqualTo("6d5011f7-b63c-56ec-a826-451809e6b9b6");
    assertThat(HoneyHiveTracer.sessionIdFor("Ünïcode 会话")).isEqualTo("969252fa-c774-5193-8a6a-fd3b17d2454b");
    assertThat(HoneyHiveTracer.sessionIdFor("0B6C2C3E-4F7A-4C1E-9D2B-5A8F3E6D7C10"))
        .isEqualTo("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c10");
    // Not a UUID: 35 hex characters and dashes, or a non-hex digit.
    assertThat(HoneyHiveTracer.sessionIdFor("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c1"))
        .isNotEqualTo("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c1");
    assertThat(HoneyHiveTracer.sessionIdFor("0b6c2c3e-4f7a-4c1e-9d2b-5a8f3e6d7c1g")).matches("[0-9a-f-]{36}");
    assertThatThrownBy(() -> HoneyHiveTracer.sessionIdFor(" ")).isInstanceOf(IllegalArgumentException.class);
    try (HoneyHiveTracer tracer = builder(Map.of()).openTelemetry(otel.getOpenTelemetry()).sessionId("conv-1").build()) {
      assertThat(tracer.sessionId()).isEqualTo("4c453cf1-1906-50b1-8053-b4ec69ac3646");
    }
  }

  @Test
  void anEventIdMustBeAUuidAndIsLowercased() {
    assertThatThrownBy(() -> EnrichmentContext.builder().eventId("evt-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventId must be a UUID such as UUID.randomUUID().toString(), but was: evt-1");
    assertThat(EnrichmentContext.builder().eventId("C0FFEE00-1234-4ABC-8DEF-0123456789AB").build().eventId())
        .isEqualTo("c0ffee00-1234-4abc-8def-0123456789ab");
  }

  @Test
  void consoleCannotBeCombinedWithAUserOpenTelemetry() {
    assertThatThrownBy(() -> builder(Map.of()).console(true).openTelemetry(otel.getOpenTelemetry()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("console(true)")
        .hasMessageContaining("openTelemetry(...)");
  }

  @Test
  void closeIsIdempotentAndFlushAfterCloseReturnsFalseAtOnce() {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(200)));
    HoneyHiveTracer tracer =
        builder(Map.of()).apiKey("k").project("p").serverUrl(honeyHive.baseUrl()).build();
    tracer.close();
    tracer.close();

    long before = System.nanoTime();
    assertThat(tracer.flush()).isFalse();
    assertThat(System.nanoTime() - before).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
    new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener()).chat("late");
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }
}
