package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.content.JsonText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-driven JSON writer of the content hot path writes exactly what Jackson writes. */
class JsonTextTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void nestedArraysAndObjectsGetCommasOnlyBetweenElements() {
    String json =
        new JsonText(0)
            .beginArray()
            .beginObject()
            .field("role", "user")
            .name("parts")
            .beginArray()
            .beginObject()
            .field("type", "text")
            .field("content", "hi")
            .endObject()
            .beginObject()
            .name("arguments")
            .raw("{\"city\":\"Paris\"}")
            .endObject()
            .endArray()
            .field("name", null)
            .endObject()
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .beginObject("\"type\":\"text\"")
            .field("content", "x")
            .endObject()
            .beginObject("\"a\":1")
            .endObject()
            .endArray()
            .toString();

    assertThat(json)
        .isEqualTo(
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"},"
                + "{\"arguments\":{\"city\":\"Paris\"}}],\"name\":null},{},[],"
                + "{\"type\":\"text\",\"content\":\"x\"},{\"a\":1}]");
  }

  @Test
  void stringsAreEscapedExactlyAsJacksonEscapesThem() throws Exception {
    String[] samples = {
      "",
      "plain prose, no escapes",
      "quote \" backslash \\ slash /",
      "bell \u0007 escape \u001b nul \u0000 tab \t newline \n return \r",
      "lone \uD800 surrogate and a pair \uD83D\uDE00",
      "unicode: Grüße, 東京, emoji 🙂, DEL \u007f",
      "\"starts with a quote",
      "ends with a backslash \\",
    };
    for (String s : samples) {
      assertThat(new JsonText(0).value(s).toString()).as(s).isEqualTo(MAPPER.writeValueAsString(s));
    }
  }

  @Test
  void randomDocumentsMatchJacksonByteForByte() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      ArrayNode expected = MAPPER.createArrayNode();
      JsonText ours = new JsonText(0).beginArray();
      int messages = random.nextInt(5);
      for (int m = 0; m < messages; m++) {
        ObjectNode message = expected.addObject();
        ours.beginObject();
        int fields = random.nextInt(4);
        for (int f = 0; f < fields; f++) {
          String key = "k" + f;
          String value = randomString(random);
          message.put(key, value);
          ours.field(key, value);
        }
        ours.endObject();
      }
      ours.endArray();
      assertThat(ours.toString()).isEqualTo(MAPPER.writeValueAsString(expected));
    }
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(4);
      sb.append(
          kind == 0
              ? (char) random.nextInt(0x20)
              : kind == 1 ? "\"\\/".charAt(random.nextInt(3)) : (char) (0x20 + random.nextInt(0x3000)));
    }
    return sb.toString();
  }
}
