package ai.honeyhive.langchain4j.examples.spring;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * An in-process stand-in for OpenAI's API: WireMock serving recorded responses from {@code
 * openai-standin/} on the classpath, so the example runs without an OpenAI account. A question
 * about the weather gets a {@code get_weather} tool call, then an answer; any other question gets
 * a fixed answer.
 */
final class OpenAiStandIn implements AutoCloseable {

  private final WireMockServer server;

  private OpenAiStandIn(WireMockServer server) {
    this.server = server;
  }

  static OpenAiStandIn start() {
    WireMockServer server =
        new WireMockServer(wireMockConfig().dynamicPort().usingFilesUnderClasspath("openai-standin"));
    server.start();
    return new OpenAiStandIn(server);
  }

  /** The value for {@code langchain4j.open-ai.chat-model.base-url}. */
  String baseUrl() {
    return server.baseUrl() + "/v1";
  }

  @Override
  public void close() {
    server.stop();
  }
}
