package ai.honeyhive.langchain4j.internal.content;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a key names a secret. A key is split into words (at non-alphanumerics and
 * camelCase humps); it is secret when one word is a secret word, or when the words run together
 * contain a secret compound. So {@code password}, {@code db.password}, {@code apiKey}, {@code
 * X-Api-Key}, {@code auth_token} and {@code Authorization} are secrets; {@code total_tokens},
 * {@code author} and {@code keyword} are not.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class SecretKeys {

  public static final String REDACTED = "[REDACTED]";

  private static final Set<String> WORDS =
      Set.of(
          "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "authorization",
          "auth", "bearer", "cookie", "credential", "credentials", "privatekey", "jwt", "otp",
          "pin", "ssn");

  private static final String[] COMPOUNDS = {
    "apikey", "accesskey", "secretkey", "privatekey", "accesstoken", "refreshtoken", "idtoken",
    "sessiontoken", "clientsecret", "setcookie", "creditcard", "cardnumber"
  };

  public static boolean isSecret(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    StringBuilder joined = new StringBuilder(key.length());
    StringBuilder word = new StringBuilder();
    char previous = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean alnum = Character.isLetterOrDigit(c);
      boolean hump = Character.isUpperCase(c) && Character.isLowerCase(previous);
      if (!alnum || hump) {
        if (isSecretWord(word)) {
          return true;
        }
        word.setLength(0);
      }
      if (alnum) {
        char lower = Character.toLowerCase(c);
        word.append(lower);
        joined.append(lower);
      }
      previous = c;
    }
    if (isSecretWord(word)) {
      return true;
    }
    String all = joined.toString();
    for (String compound : COMPOUNDS) {
      if (all.contains(compound)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSecretWord(CharSequence word) {
    return word.length() > 0 && WORDS.contains(word.toString().toLowerCase(Locale.ROOT));
  }

  private SecretKeys() {}
}
