package ai.honeyhive.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What leaves the process: no key, no secrets, and no content when content capture is off. */
class SecurityTest {

  private static final String API_KEY = "hh-secret-6c1f0a9e7b";

  @RegisterExtension
  static final WireMockExtension openAi =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().usingFilesUnderDirectory("src/test/resources"))
          .build();

  @RegisterExtension
  static final WireMockExtension honeyHive =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static HoneyHiveTracerBuilder builder() {
    honeyHive.stubFor(post("/opentelemetry/v1/traces").willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(put("/events").willReturn(aResponse().withStatus(200)));
    return HoneyHiveTracer.builder()
        .apiKey(API_KEY)
        .project("security")
        .serverUrl(honeyHive.baseUrl())
        .environment(name -> null);
  }

  /** Every byte sent to HoneyHive, spans and REST updates, as one string. */
  private static String everythingSent() {
    StringBuilder sb = new StringBuilder();
    for (LoggedRequest r : honeyHive.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
      sb.append(new String(r.getBody(), StandardCharsets.ISO_8859_1)).append('\n');
      r.getHeaders().all().stream()
          .filter(h -> !h.key().equalsIgnoreCase("Authorization"))
          .forEach(h -> sb.append(h).append('\n'));
    }
    return sb.toString();
  }

  @Test
  void withContentCaptureOffNoPromptTextLeavesTheProcess() {
    HoneyHiveTracer tracer = builder().captureContent(false).build();
    AiServiceFixture fixture = new AiServiceFixture(tracer, openAi.baseUrl());

    assertThat(fixture.traced.chat("conv-private", "What is the weather in Paris?"))
        .isEqualTo("It is 18°C and sunny in Paris.");
    assertThat(tracer.flush()).isTrue();
    tracer.close();

    String sent = everythingSent();
    assertThat(sent).contains("invoke_agent Assistant.chat", "execute_tool get_weather", "gpt-4o-mini");
    assertThat(sent)
        .doesNotContain("What is the weather")
        .doesNotContain("sunny in Paris")
        .doesNotContain("18 degrees")
        .doesNotContain("Paris is the capital")
        .doesNotContain("\"city\"");
  }

  @Test
  void credentialsInContentAreRedactedByDefaultAndAHookCanMaskPii() {
    HoneyHiveTracer tracer =
        builder()
            .contentRedactor(text -> text.replaceAll("[\\w.+-]+@[\\w-]+\\.[\\w.]+", "<email>")
                .replaceAll("\\+?\\d[\\d -]{7,}\\d", "<phone>"))
            .build();
    String prompt =
        "My key is sk-proj-AbCdEf0123456789xyz, header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y,"
            + " api_key=abc123secret and password: hunter2. Mail ada@example.com or call +44 20 7946 0958.";

    new FixedChatModel(dev.langchain4j.model.ModelProvider.OPEN_AI, FixedChatModel::echoWithFixedId, tracer.chatModelListener())
        .chat(prompt);
    assertThat(tracer.flush()).isTrue();
    tracer.close();

    String sent = everythingSent();
    assertThat(sent)
        .contains(
            "My key is [REDACTED], header Authorization: [REDACTED], api_key=[REDACTED] and password:"
                + " [REDACTED] Mail <email> or call <phone>.")
        .doesNotContain("sk-proj-AbCdEf", "eyJhbGciOiJIUzI1NiJ9", "abc123secret", "hunter2", "ada@example.com", "7946");
  }

  @Test
  void theApiKeyIsOnlyEverInTheAuthorizationHeader() {
    try (LogCapture logs = LogCapture.start()) {
      HoneyHiveTracer tracer = builder().build();
      AiServiceFixture fixture = new AiServiceFixture(tracer, openAi.baseUrl());
      tracer.enrichSession(EnrichmentContext.builder().metadata("tenant", "acme").build());
      try (Scope ignored = EnrichmentContext.builder().userProperty("user_id", "u").build().makeCurrent()) {
        fixture.traced.chat("conv-key", "What is the weather in Paris?");
      }
      assertThat(tracer.flush()).isTrue();
      String description = tracer + " " + HoneyHiveTracer.builder().apiKey(API_KEY);
      tracer.close();

      assertThat(everythingSent()).doesNotContain(API_KEY);
      assertThat(logs.allText()).doesNotContain(API_KEY);
      assertThat(description).doesNotContain(API_KEY);
      assertThat(honeyHive.getAllServeEvents())
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + API_KEY));
    }
  }

  @Test
  void plainHttpToAnotherHostNeedsAnExplicitOptInAndWarns() {
    assertThatThrownBy(() -> builder().serverUrl("http://honeyhive.internal.example").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plain HTTP")
        .hasMessageContaining("allowPlainHttp(true)")
        .hasMessageNotContaining(API_KEY);
    try (LogCapture logs = LogCapture.start()) {
      builder().serverUrl("http://honeyhive.internal.example").allowPlainHttp(true)
          .shutdownTimeout(Duration.ZERO).build().close();
      assertThat(logs.allText()).contains("plain HTTP to http://honeyhive.internal.example");
    }
    // https anywhere, and http to this machine, need nothing.
    builder().serverUrl("https://api.example.com").shutdownTimeout(Duration.ZERO).build().close();
    builder().serverUrl("http://127.0.0.1:9").shutdownTimeout(Duration.ZERO).build().close();
  }

  @Test
  void aThrowingContentRedactorBlanksTheTextAndIsCounted() {
    HoneyHiveTracer tracer = builder().contentRedactor(text -> {
      throw new IllegalStateException("redactor bug");
    }).build();

    String answer = chatPrivateTextAndClose(tracer);

    assertThat(answer).isEqualTo("echo: private text");
    assertThat(everythingSent()).doesNotContain("private text").contains("[REDACTED]");
    assertThat(TracerProbe.internalFailureCount(tracer)).isPositive();
  }

  @Test
  void aContentRedactorReturningNullLeavesTheTextOut() {
    HoneyHiveTracer tracer = builder().contentRedactor(text -> text.contains("private") ? null : text).build();

    String answer = chatPrivateTextAndClose(tracer);

    assertThat(answer).isEqualTo("echo: private text");
    assertThat(everythingSent())
        .doesNotContain("private text")
        .contains("honeyhive_inputs.chat_history.0.role")
        .doesNotContain("honeyhive_inputs.chat_history.0.content")
        .contains("{\"type\":\"text\",\"content\":null}");
    assertThat(TracerProbe.internalFailureCount(tracer)).isZero();
  }

  /** One chat call saying "private text" through {@code tracer}, flushed, then the tracer closed. */
  private static String chatPrivateTextAndClose(HoneyHiveTracer tracer) {
    String answer =
        new FixedChatModel(dev.langchain4j.model.ModelProvider.OPEN_AI, FixedChatModel::echoWithFixedId, tracer.chatModelListener())
            .chat("private text");
    assertThat(tracer.flush()).isTrue();
    tracer.close();
    return answer;
  }

  @SuppressWarnings("unused")
  private static final Map<String, List<String>> UNUSED = Map.of();
}
