package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The distributed demo prints one tree per service, each naming its service, in one trace and session. */
class DistributedSessionDemoTest {

  @Test
  void eachServicePrintsItsTreeUnderItsNameInTheSameTraceAndSession() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      DistributedSessionDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("answer: The capital of France is Paris.\n");
    Matcher gateway =
        Pattern.compile("trace ([0-9a-f]{32})  service gateway  session ([0-9a-f-]{36})\ninvoke_agent Gateway\\.ask ")
            .matcher(out);
    Matcher answering =
        Pattern.compile("trace ([0-9a-f]{32})  service answering-service  session ([0-9a-f-]{36})\nchat gpt-4o-mini ")
            .matcher(out);
    assertThat(gateway.find()).as(out).isTrue();
    assertThat(answering.find()).as(out).isTrue();
    assertThat(answering.group(1)).isEqualTo(gateway.group(1));
    // "conversation-7f3a" as HoneyHive's session UUID (HoneyHiveTracer.sessionIdFor).
    assertThat(gateway.group(2)).isEqualTo("569694be-c3f7-53f2-9e1d-da5d45be6dcf");
    assertThat(answering.group(2)).isEqualTo(gateway.group(2));
  }
}
