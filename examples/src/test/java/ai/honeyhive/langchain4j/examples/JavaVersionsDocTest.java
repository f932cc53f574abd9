package ai.honeyhive.langchain4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/compatibility.md's Java section says where the build looks for Java 25 and quotes the line it
 * prints when there is none: both as the library's pom has them.
 */
class JavaVersionsDocTest {

  @Test
  void theJava25PathAndTheSkipLineInTheDocsAreTheBuildsOwn() throws IOException {
    String pom = Files.readString(Path.of("../honeyhive-langchain4j/pom.xml"), StandardCharsets.UTF_8);
    String doc = Files.readString(Path.of("../docs/compatibility.md"), StandardCharsets.UTF_8);

    String path = group(pom, "<exists>(.+)/bin/java</exists>");
    assertThat(group(pom, "<missing>(.+)/bin/java</missing>")).isEqualTo(path);
    assertThat(group(pom, "<jdk25.home>(.+)</jdk25.home>")).isEqualTo(path);
    String skipped = group(pom, "<echo level=\"warning\" message=\"(Tests on Java 25 skipped: [^\"]+)\"/>");
    assertThat(skipped).contains(path);

    assertThat(doc).contains("`" + path + "`").contains("[WARNING]      [echo] " + skipped + "\n");
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }
}
