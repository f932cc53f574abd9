package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The experiment demo runs offline: stand-in model, stand-in HoneyHive, a table and the requests. */
class ExperimentDemoTest {

  @Test
  void runsTenDatapointsPrintsTheTableAndWhatHoneyHiveReceived() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      ExperimentDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("[capitals-demo] 10/10 done, 0 failed")
        .contains("10 datapoints, 0 failed")
        .containsPattern("contains_answer\\s+10\\s+0\\.600\\s+0\\.000\\s+1\\.000\\s+60\\.0%")
        .containsPattern("correctness\\s+10\\s+0\\.600\\s+0\\.000\\s+1\\.000")
        .contains("  POST /v1/runs {\"run_id\":")
        .contains("  PUT /events {\"event_id\":")
        .contains("GET /v1/runs/")
        .contains("contains_answer mean 0.60 over 10 datapoints");
    assertThat(out.split("POST /session/start", -1)).hasSize(1 + 1 + 10);
  }
}
