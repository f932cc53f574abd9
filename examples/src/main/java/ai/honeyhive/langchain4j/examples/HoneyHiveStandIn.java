package ai.honeyhive.langchain4j.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An in-process stand-in for HoneyHive's API, so the experiment demo runs without an account: it
 * accepts every request (runs, sessions, events, spans), answers the result with no aggregates, and
 * lists what it received.
 */
final class HoneyHiveStandIn implements AutoCloseable {

  private final WireMockServer server;

  private HoneyHiveStandIn(WireMockServer server) {
    this.server = server;
  }

  static HoneyHiveStandIn start() {
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(okJson("{}")));
    server.stubFor(
        get(urlPathMatching("/v1/runs/[^/]+/result"))
            .willReturn(okJson("{\"status\": \"completed\", \"metrics\": {\"details\": []}, \"datapoints\": []}")));
    return new HoneyHiveStandIn(server);
  }

  /** The server URL to give {@code HoneyHiveTracer.builder().serverUrl(...)}. */
  String serverUrl() {
    return server.baseUrl();
  }

  /** The REST requests received, in order, as {@code METHOD path body}; span exports left out. */
  List<String> restRequests() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    List<String> lines = new ArrayList<>();
    for (ServeEvent e : events) {
      String url = e.getRequest().getUrl();
      if (url.startsWith("/opentelemetry/")) {
        continue;
      }
      String body = e.getRequest().getBodyAsString();
      lines.add(e.getRequest().getMethod() + " " + url + (body.isEmpty() ? "" : " " + body));
    }
    return lines;
  }

  @Override
  public void close() {
    server.stop();
  }
}
