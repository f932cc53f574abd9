package ai.honeyhive.langchain4j.internal.content;

import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.Library;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What captured content (prompts, completions, tool arguments and results, AI-service inputs and
 * outputs) passes through before it is put on a span: credentials that look like credentials are
 * replaced with {@code [REDACTED]} (on by default), then the user's content redactor runs.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class ContentFilter {

  /** {@code key: value} or {@code key=value} where the key names a credential. */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)\\b(authorization|proxy-authorization|x-api-key|api[_-]?key|password|passwd|secret"
              + "|client[_-]?secret|access[_-]?token|refresh[_-]?token|auth[_-]?token)"
              + "(\"?\\s*[:=]\\s*\"?)((?:bearer|basic)\\s+)?[^\\s\"',;&]+");

  /** A bearer token on its own, and OpenAI-style secret keys. */
  private static final Pattern BARE =
      Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}|\\bsk-[A-Za-z0-9_-]{16,}");

  /**
   * Longest captured text, in characters. Content is exempt from the enrichment limit, but a
   * multi-megabyte prompt would be recorded twice per span and could exceed what HoneyHive accepts.
   */
  public static final int MAX_CONTENT_LENGTH = 1_000_000;

  private final java.util.concurrent.atomic.AtomicLong truncated = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean warnedTruncated = new java.util.concurrent.atomic.AtomicBoolean();

  private final boolean redactSecrets;
  private final UnaryOperator<String> redactor;
  private final InternalFailures failures;

  public ContentFilter(boolean redactSecrets, UnaryOperator<String> redactor, InternalFailures failures) {
    this.redactSecrets = redactSecrets;
    this.redactor = redactor;
    this.failures = failures;
  }

  /** Whether values under a secret-sounding key ({@link SecretKeys}) are recorded as {@code [REDACTED]}. */
  public boolean redactsSecrets() {
    return redactSecrets;
  }

  /** The text to record; null stays null. Never throws: a failing redactor blanks the text. */
  public String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (out.length() > MAX_CONTENT_LENGTH) {
      out = truncate(out, MAX_CONTENT_LENGTH);
      truncated.incrementAndGet();
      if (warnedTruncated.compareAndSet(false, true)) {
        java.util.logging.Logger.getLogger(Library.LOGGER_NAME)
            .warning(
                "HoneyHive: a captured text was longer than "
                    + MAX_CONTENT_LENGTH
                    + " characters and was cut (marked …[truncated N chars]); further cuts are counted.");
      }
    }
    if (redactSecrets) {
      out = redactCredentials(out);
    }
    if (redactor != null) {
      try {
        out = redactor.apply(out);
      } catch (Throwable t) {
        failures.record("contentRedactor", t);
        return SecretKeys.REDACTED;
      }
    }
    return out;
  }

  /**
   * {@code s} cut to {@code max} characters (never inside a surrogate pair), marked with how many
   * were cut; {@code s} itself if it fits. The one truncation of captured content and enrichment.
   */
  public static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = max;
    if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut) + "…[truncated " + (s.length() - cut) + " chars]";
  }

  /** {@code text} with credentials written as credentials replaced by {@code [REDACTED]}. */
  public static String redactCredentials(String text) {
    if (!mayHoldSecret(text)) {
      return text;
    }
    String out = KEY_VALUE.matcher(text).replaceAll(ContentFilter::keepKey);
    return BARE.matcher(out).replaceAll(SecretKeys.REDACTED);
  }

  /** How many captured texts were cut at {@link #MAX_CONTENT_LENGTH}. */
  public long truncated() {
    return truncated.get();
  }

  private static String keepKey(java.util.regex.MatchResult m) {
    return Matcher.quoteReplacement(m.group(1) + m.group(2) + SecretKeys.REDACTED);
  }

  /** A cheap test that skips the regular expressions for ordinary prose. */
  private static boolean mayHoldSecret(String s) {
    return s.indexOf(':') >= 0
        || s.indexOf('=') >= 0
        || s.contains("sk-")
        || s.contains("earer ")
        || s.contains("EARER ");
  }
}
