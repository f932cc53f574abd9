package ai.honeyhive.langchain4j.internal.content;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Writes the JSON of captured messages straight into one presized {@link StringBuilder}.
 *
 * <p>This is the content-capture hot path: a chat call writes its whole conversation here. A
 * string that needs no escaping (most prose) is appended in one copy; one that does is escaped by
 * Jackson's {@link JsonStringEncoder}, so the escaping rules are Jackson's. Compared with a {@code
 * JsonGenerator} over a {@code Writer}, no text is widened to a {@code char[]} and narrowed back.
 * Nesting is at most 64 levels deep; not thread-safe (one instance per JSON value).
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class JsonText {

  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

  private final StringBuilder out;
  /** Bit {@code depth} set: the container at that depth already holds an element. */
  private long hasElement;
  private int depth;
  /** A name was just written: the next value follows its colon with no comma. */
  private boolean afterName;

  public JsonText(int capacity) {
    out = new StringBuilder(Math.max(16, capacity));
  }

  public JsonText beginArray() {
    open('[');
    return this;
  }

  public JsonText endArray() {
    close(']');
    return this;
  }

  public JsonText beginObject() {
    open('{');
    return this;
  }

  /**
   * Opens an object that starts with fields already in JSON form, for example {@code
   * "type":"text"}: constants of ours, appended in one copy.
   */
  public JsonText beginObject(String encodedFields) {
    open('{');
    out.append(encodedFields);
    hasElement |= 1L << (depth & 63);
    return this;
  }

  public JsonText endObject() {
    close('}');
    return this;
  }

  /**
   * A field name; the next call writes its value. Names are our own constants ({@code "role"},
   * {@code "content"}...), so they are written as given, without an escaping pass.
   */
  public JsonText name(String name) {
    separate();
    out.append('"').append(name).append("\":");
    afterName = true;
    return this;
  }

  /** A string value, or {@code null}. */
  public JsonText value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  /** A name and a string value. */
  public JsonText field(String name, String value) {
    return name(name).value(value);
  }

  /** A value that is already valid JSON text (for example Jackson's {@code JsonNode.toString()}). */
  public JsonText raw(String json) {
    separate();
    out.append(json);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void open(char bracket) {
    separate();
    out.append(bracket);
    depth++;
    hasElement &= ~(1L << (depth & 63));
  }

  private void close(char bracket) {
    out.append(bracket);
    depth--;
  }

  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    long bit = 1L << (depth & 63);
    if ((hasElement & bit) != 0) {
      out.append(',');
    } else {
      hasElement |= bit;
    }
  }

  private void string(String s) {
    out.append('"');
    int n = s.length();
    int clean = 0;
    while (clean < n && !needsEscape(s.charAt(clean))) {
      clean++;
    }
    if (clean == n) {
      out.append(s);
    } else {
      out.append(s, 0, clean);
      ESCAPER.quoteAsString(s.subSequence(clean, n), out);
    }
    out.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }
}
