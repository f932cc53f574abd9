package ai.honeyhive.langchain4j.examples.quarkus;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * An in-process stand-in for OpenAI's API: WireMock serving recorded responses from {@code
 * openai-standin/} on the classpath, so the example runs without an OpenAI account. A question
 * about the weather gets a {@code get_weather} tool call, then an answer; any other question gets
 * a fixed answer.
 */
final class OpenAiStandIn {

  private OpenAiStandIn() {}

  /** Starts the stand-in and returns the value for {@code quarkus.langchain4j.openai.base-url}. */
  static String start() {
    WireMockServer server =
        new WireMockServer(wireMockConfig().dynamicPort().usingFilesUnderClasspath("openai-standin"));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "openai-stand-in-stop"));
    return server.baseUrl() + "/v1";
  }
}
