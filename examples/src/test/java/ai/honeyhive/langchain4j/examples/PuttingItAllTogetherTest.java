package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * docs/tracing-functions.md's "putting it all together": the session enriched once, then one
 * trace per user, each a traced function's chain span (its inputs, output, the enrichment it added
 * to itself) with the model call beneath it, all in one session.
 */
class PuttingItAllTogetherTest {

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @Test
  void theSessionIsEnrichedOnceAndEachUsersRequestIsOneTreeWithItsOwnEnrichment() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try (OpenAiStandIn standIn = OpenAiStandIn.start()) {
      PuttingItAllTogether.run(standIn.baseUrl(), "demo");
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .containsPattern("(?m)^update session (" + UUID + ")  PUT /events \\{\"event_id\":\"\\1\","
            + "\"metadata\":\\{\"tenant_id\":\"acme_corp\",\"app_version\":\"2\\.1\\.0\"}}  \\(console only: not sent\\)\n")
        .containsPattern("trace [0-9a-f]{32}  service support-bot  session (" + UUID + ")\n"
            + "process_request  [0-9.]+ ms  chain  inputs\\.query=What is the capital of France\\?"
            + "  inputs\\.user_id=user_123  metadata\\.feature=chat  metrics\\.response_length=31"
            + "  outputs\\.result=The capital of France is Paris\\.  user_properties\\.user_id=user_123\n"
            + "└─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=24/8\n")
        .containsPattern("trace [0-9a-f]{32}  service support-bot  session (" + UUID + ")\n"
            + "process_request  [0-9.]+ ms  chain  inputs\\.query=And what is the capital of France again\\?"
            + "  inputs\\.user_id=user_456  metadata\\.feature=chat  metrics\\.response_length=31"
            + "  outputs\\.result=The capital of France is Paris\\.  user_properties\\.user_id=user_456\n"
            + "└─ chat gpt-4o-mini  [0-9.]+ ms  model  model=gpt-4o-mini-2024-07-18  tokens=24/8\n");
    // One session for both users: every trace line names the session the update was for.
    java.util.regex.Matcher sessions = java.util.regex.Pattern.compile("session (" + UUID + ")").matcher(out);
    java.util.Set<String> ids = new java.util.TreeSet<>();
    while (sessions.find()) {
      ids.add(sessions.group(1));
    }
    assertThat(ids).hasSize(1);
    // The session's metadata went to its record only, never onto a span.
    assertThat(out).doesNotContain("metadata.tenant_id", "metadata.app_version");
  }
}
