package ai.honeyhive.langchain4j.quarkus.it;

import static ai.honeyhive.langchain4j.quarkus.it.Exported.attributes;
import static ai.honeyhive.langchain4j.quarkus.it.Exported.id;
import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A real Quarkus LangChain4j application (Quarkus REST, a generated AI service with a tool, the
 * OpenAI model against a stand-in) with the extension and two properties: one HTTP request exports
 * one trace to the HoneyHive stand-in, from the HTTP server span through the AI-service span to
 * the model and tool spans, with the session and the request's enrichment on each.
 */
@QuarkusTest
@QuarkusTestResource(StandIns.class)
class QuarkusTracingTest {

  @TestHTTPResource("/chat")
  URI chat;

  @ConfigProperty(name = "test.honeyhive.port")
  int honeyHivePort;

  @Inject HoneyHiveTracer tracer;
  @Inject WeatherTools tools;

  @TestHTTPResource("/chat-reactive")
  URI chatReactive;

  @Test
  void oneRequestIsOneTraceFromHttpSpanThroughAiServiceToModelAndTool() throws Exception {
    int toolCalls = tools.calls();
    HttpResponse<String> response = post(chat, "u-42", "What is the weather in Paris?");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("It is 18°C and sunny in Paris.");
    assertThat(tools.calls()).isEqualTo(toolCalls + 1);

    List<Span> trace = traceOf("POST /chat", "u-42", 8);
    String tree = Exported.tree(trace);
    System.out.println(tree);
    Span http = only(trace, "POST /chat", tree);
    // The request's spans, all in one trace: HTTP server, AI service, its input guardrail, two
    // model calls, the tool, and the REST client's two calls to OpenAI (one under each model call).
    assertThat(trace).as(tree).hasSize(8);
    Span service = only(trace, "langchain4j.aiservices.Assistant.chat", tree);
    Span tool = only(trace, "langchain4j.tools.get_weather", tree);
    List<Span> models = trace.stream().filter(s -> s.getName().equals("chat gpt-4o-mini")).toList();
    assertThat(models).as(tree).hasSize(2);
    // One span per model call: Quarkus LangChain4j's own chat span is off.
    assertThat(trace).as(tree).noneMatch(s -> s.getName().startsWith("completion "));
    // Tool spans are Quarkus LangChain4j's: none rebuilt from the conversation beside them.
    assertThat(trace).as(tree).noneMatch(s -> s.getName().startsWith("execute_tool"));

    assertThat(id(http.getParentSpanId())).isEmpty();
    assertThat(service.getParentSpanId()).isEqualTo(http.getSpanId());
    assertThat(tool.getParentSpanId()).isEqualTo(service.getSpanId());
    assertThat(models).allSatisfy(m -> assertThat(m.getParentSpanId()).isEqualTo(service.getSpanId()));
    // Each of the REST client's requests to OpenAI is under the model call that sent it (in
    // HoneyHive's copy of the trace).
    java.util.Comparator<Span> byStart = java.util.Comparator.comparingLong(Span::getStartTimeUnixNano);
    List<Span> modelsInOrder = models.stream().sorted(byStart).toList();
    List<Span> requests =
        trace.stream().filter(r -> r.getName().equals("POST /chat/completions")).sorted(byStart).toList();
    assertThat(requests).as(tree).hasSize(2);
    assertThat(requests.get(0).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(requests.get(0).getParentSpanId()).as(tree).isEqualTo(modelsInOrder.get(0).getSpanId());
    assertThat(requests.get(1).getParentSpanId()).as(tree).isEqualTo(modelsInOrder.get(1).getSpanId());

    for (Span span : trace) {
      assertThat(attributes(span))
          .as(span.getName())
          .containsEntry("honeyhive.session_id", tracer.sessionId())
          .containsEntry("honeyhive.project", "quarkus-test")
          .containsEntry("honeyhive.source", "dev");
    }
    for (Span span : List.of(http, service, tool, models.get(0), models.get(1))) {
      assertThat(attributes(span))
          .as(span.getName())
          .containsEntry("honeyhive_user_properties.user_id", "u-42")
          .containsEntry("honeyhive_metadata.feature", "/chat")
          .containsEntry("honeyhive_metadata.ab_variant", "b");
    }

    Map<String, String> s = attributes(service);
    assertThat(s)
        .containsEntry("honeyhive_event_type", "chain")
        .containsEntry("honeyhive_event_name", "invoke_agent Assistant.chat")
        .containsEntry("honeyhive_inputs.question", "What is the weather in Paris?")
        .containsEntry("honeyhive_outputs.result", "It is 18°C and sunny in Paris.");
    Map<String, String> t = attributes(tool);
    assertThat(t)
        .containsEntry("honeyhive_event_type", "tool")
        .containsEntry("honeyhive_event_name", "execute_tool get_weather")
        .containsEntry("gen_ai.tool.name", "get_weather")
        .containsEntry("gen_ai.tool.call.id", "call_Xq3mZbV8Lr2TnK9sW4yHdF1c")
        .containsEntry("honeyhive_inputs.city", "Paris")
        .containsEntry("honeyhive_inputs.unit", "celsius")
        .containsEntry("honeyhive_outputs.result", "18 degrees celsius, sunny in Paris");
    Span guardrail = only(trace, "QuestionGuardrail.validate", tree);
    assertThat(guardrail.getParentSpanId()).isEqualTo(service.getSpanId());
    assertThat(attributes(guardrail))
        .containsEntry("honeyhive_event_type", "tool")
        .containsEntry("honeyhive_event_name", "guardrail QuestionGuardrail")
        .containsEntry("honeyhive_metadata.guardrail_kind", "input")
        // It passed: its result, and no error.
        .containsEntry("honeyhive_outputs.result", "SUCCESS")
        .doesNotContainKeys("honeyhive_error", "honeyhive_error_type", "error.type")
        .containsEntry("honeyhive_user_properties.user_id", "u-42");
    assertThat(guardrail.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    Map<String, String> m = attributes(models.get(0));
    assertThat(m)
        .containsEntry("honeyhive_event_type", "model")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.model", "gpt-4o-mini")
        .containsEntry("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
        .containsKey("gen_ai.input.messages");
    assertThat(m.get("gen_ai.usage.input_tokens")).contains("81");

    LoggedRequest export = Exported.requests(honeyHivePort).get(0);
    assertThat(export.getHeader("Authorization")).isEqualTo("Bearer hh-test-key");
  }

  @Test
  void aReactiveRequestKeepsItsEnrichmentOnTheWorkerThreadThatCallsTheAiService() throws Exception {
    HttpResponse<String> response = post(chatReactive, "u-7", "What is the weather in Paris?");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    List<Span> trace = traceOf("POST /chat-reactive", "u-7", 8);
    String tree = Exported.tree(trace);
    Span http = only(trace, "POST /chat-reactive", tree);
    Span service = only(trace, "langchain4j.aiservices.Assistant.chat", tree);
    assertThat(service.getParentSpanId()).as(tree).isEqualTo(http.getSpanId());
    for (Span span : trace) {
      assertThat(attributes(span))
          .as(span.getName())
          .containsEntry("honeyhive.session_id", tracer.sessionId())
          .containsEntry("honeyhive_user_properties.user_id", "u-7")
          .containsEntry("honeyhive_metadata.feature", "/chat-reactive");
    }
  }

  @Test
  void aFailedModelCallIsHoneyHivesErrorOnTheModelAndAiServiceSpans() throws Exception {
    HttpResponse<String> response = post(chat, "u-500", "Please fail");
    assertThat(response.statusCode()).isEqualTo(500);

    List<Span> trace = traceOf("POST /chat", "u-500", 4);
    String tree = Exported.tree(trace);
    Span service = only(trace, "langchain4j.aiservices.Assistant.chat", tree);
    Span model = only(trace, "chat gpt-4o-mini", tree);
    assertThat(attributes(model)).as(tree).containsKey("honeyhive_error").containsKey("error.type");
    assertThat(attributes(service))
        .as(tree)
        .containsEntry("honeyhive_inputs.question", "Please fail")
        .containsKey("honeyhive_error")
        .doesNotContainKey("honeyhive_outputs.result");
  }

  @Test
  void aGuardrailThatFailsIsAnErrorOnItsSpan() throws Exception {
    HttpResponse<String> response = post(chat, "u-403", "What is my password?");
    assertThat(response.statusCode()).isEqualTo(500);

    List<Span> trace = traceOf("POST /chat", "u-403", 3);
    String tree = Exported.tree(trace);
    Span service = only(trace, "langchain4j.aiservices.Assistant.chat", tree);
    Span guardrail = only(trace, "QuestionGuardrail.validate", tree);
    assertThat(guardrail.getParentSpanId()).as(tree).isEqualTo(service.getSpanId());
    Map<String, String> g = attributes(guardrail);
    assertThat(g)
        .as(tree)
        .containsEntry("honeyhive_event_name", "guardrail QuestionGuardrail")
        .containsEntry("honeyhive_outputs.result", "FAILURE")
        .containsEntry("honeyhive_error_type", "guardrail_failure")
        .containsEntry("error.type", "guardrail_failure");
    assertThat(g.get("honeyhive_error")).contains("Questions about passwords are not answered.");
    assertThat(guardrail.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(guardrail.getStatus().getMessage()).contains("Questions about passwords are not answered.");
    // The model is never asked.
    assertThat(trace).as(tree).noneMatch(s -> s.getName().startsWith("chat "));
    assertThat(attributes(service)).as(tree).containsKey("honeyhive_error");
  }

  private static HttpResponse<String> post(URI uri, String user, String question) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "text/plain")
                .header("X-User-Id", user)
                .header("X-Variant", "b")
                .POST(HttpRequest.BodyPublishers.ofString(question))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The trace of the request named {@code httpSpan} that user made, once it has at least that many spans. */
  private List<Span> traceOf(String httpSpan, String user, int atLeast) {
    java.util.function.Function<List<Span>, List<Span>> find =
        spans -> {
          Span http =
              spans.stream()
                  .filter(s -> s.getName().equals(httpSpan))
                  .filter(s -> user.equals(attributes(s).get("honeyhive_user_properties.user_id")))
                  .findFirst()
                  .orElse(null);
          return http == null
              ? List.of()
              : spans.stream().filter(s -> s.getTraceId().equals(http.getTraceId())).toList();
        };
    return find.apply(Exported.await(honeyHivePort, tracer::flush, spans -> find.apply(spans).size() >= atLeast));
  }

  private static Span only(List<Span> spans, String name, String tree) {
    List<Span> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("%s in%n%s", name, tree).hasSize(1);
    return named.get(0);
  }
}
