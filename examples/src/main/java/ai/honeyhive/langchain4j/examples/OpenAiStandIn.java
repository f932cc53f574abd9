package ai.honeyhive.langchain4j.examples;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * An in-process stand-in for OpenAI's API: WireMock serving recorded-shape responses from {@code
 * openai-standin/} on the classpath, so the demo runs without an OpenAI account.
 */
final class OpenAiStandIn implements AutoCloseable {

  private final WireMockServer server;

  private OpenAiStandIn(WireMockServer server) {
    this.server = server;
  }

  static OpenAiStandIn start() {
    WireMockServer server =
        new WireMockServer(
            wireMockConfig().dynamicPort().usingFilesUnderClasspath("openai-standin"));
    server.start();
    return new OpenAiStandIn(server);
  }

  /** The base URL to give {@code OpenAiChatModel.builder().baseUrl(...)}. */
  String baseUrl() {
    return server.baseUrl() + "/v1";
  }

  @Override
  public void close() {
    server.stop();
  }
}
