package ai.honeyhive.langchain4j.quarkus.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A stand-in OpenAI (a tool call, then the answer once the tool's result is in the conversation)
 * and a stand-in HoneyHive, started before the application and named in its configuration. Tests
 * read what HoneyHive received through WireMock's admin API on {@code test.honeyhive.port}.
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {

  private WireMockServer openAi;
  private WireMockServer honeyHive;

  @Override
  public Map<String, String> start() {
    openAi = new WireMockServer(wireMockConfig().dynamicPort().usingFilesUnderClasspath("openai-standin"));
    honeyHive = new WireMockServer(wireMockConfig().dynamicPort());
    openAi.start();
    honeyHive.start();
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions")).atPriority(5).willReturn(json("openai-chat-completion-tool-call.json")));
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
            .willReturn(json("openai-chat-completion-after-tool.json")));
    openAi.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Please fail"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));
    honeyHive.stubFor(post(urlEqualTo("/opentelemetry/v1/traces")).willReturn(aResponse().withStatus(200)));
    honeyHive.stubFor(
        post(urlEqualTo("/session/start"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"session_id\":\"x\"}")));
    return Map.of(
        "quarkus.langchain4j.openai.base-url", openAi.baseUrl() + "/v1",
        "quarkus.honeyhive.server-url", honeyHive.baseUrl(),
        "test.honeyhive.port", String.valueOf(honeyHive.port()));
  }

  @Override
  public void stop() {
    if (openAi != null) {
      openAi.stop();
    }
    if (honeyHive != null) {
      honeyHive.stop();
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String file) {
    return aResponse().withHeader("Content-Type", "application/json").withBodyFile(file);
  }
}
