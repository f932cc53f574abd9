package ai.honeyhive.langchain4j.internal.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON for arbitrary user objects that never throws: cyclic or odd objects become a safe string. */
final class SafeJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (Exception | StackOverflowError e) {
      return unserializable(value, e);
    }
  }

  public static String unserializable(Object value, Throwable why) {
    String type = value == null ? "null" : value.getClass().getName();
    return "[unserializable " + type + ": " + why.getClass().getSimpleName() + "]";
  }

  private SafeJson() {}
}
