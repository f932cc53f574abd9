package ai.honeyhive.langchain4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * HoneyHive types session and event ids as UUIDs and its SDK lowercases them; a non-UUID id risks
 * its spans being dropped at ingestion. Our one rule: a UUID in any case is lowercased, and any
 * other string becomes the name-based (version 5, SHA-1) UUID of {@code "honeyhive-session:" +
 * id} in the URL namespace, so the same conversation id gives the same session in every service
 * and every language ({@code uuid.uuid5(uuid.NAMESPACE_URL, "honeyhive-session:" + id)} in Python).
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class SessionIds {

  public static final String NAME_PREFIX = "honeyhive-session:";

  /** RFC 4122's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8, as bytes. */
  private static final byte[] URL_NAMESPACE = {
    0x6b, (byte) 0xa7, (byte) 0xb8, 0x11, (byte) 0x9d, (byte) 0xad, 0x11, (byte) 0xd1,
    (byte) 0x80, (byte) 0xb4, 0x00, (byte) 0xc0, 0x4f, (byte) 0xd4, 0x30, (byte) 0xc8
  };

  /** The last id mapped, with its UUID: a service mostly sees one foreign id many times in a row. */
  private static volatile String[] last = {"", ""};

  /** The id as HoneyHive must receive it; never null for a non-null argument. */
  public static String normalize(String id) {
    if (isLowercaseUuid(id)) {
      return id;
    }
    if (isUuid(id)) {
      return id.toLowerCase(Locale.ROOT);
    }
    String[] cached = last;
    if (cached[0].equals(id)) {
      return cached[1];
    }
    String mapped = nameBased(NAME_PREFIX + id);
    last = new String[] {id, mapped};
    return mapped;
  }

  /** The canonical 8-4-4-4-12 form in lower case, which needs no work. */
  public static boolean isLowercaseUuid(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The canonical 8-4-4-4-12 hexadecimal form, in any case. */
  public static boolean isUuid(String s) {
    return s != null && s.length() == 36 && isLowercaseUuid(s.toLowerCase(Locale.ROOT));
  }

  /** RFC 4122 version 5: SHA-1 of namespace and name, version and variant bits set. */
  public static String nameBased(String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1.
      throw new IllegalStateException(e);
    }
    sha1.update(URL_NAMESPACE);
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (hash[i] & 0xff);
      lsb = (lsb << 8) | (hash[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }

  private SessionIds() {}
}
