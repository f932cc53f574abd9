package ai.honeyhive.langchain4j.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a release puts on Maven Central, built by the release profile just before this test runs
 * (see this module's pom): Central rejects a deployment without sources, javadoc, a license, a
 * project URL, SCM and developers, and a pom whose version is still {@code ${revision}} resolves
 * for nobody.
 */
class ReleaseArtifactsIT {

  private static final Path ROOT = Paths.get(System.getProperty("release-check.root"));
  private static final String VERSION = System.getProperty("release-check.version");
  private static final Path LIBRARY = ROOT.resolve("honeyhive-langchain4j");
  private static final Path TARGET = LIBRARY.resolve("target");

  @Test
  void theLibraryHasItsJarSourcesAndJavadoc() throws IOException {
    assertThat(entries(artifact(""))).contains(
        "ai/honeyhive/langchain4j/HoneyHiveTracer.class",
        "META-INF/LICENSE",
        "META-INF/maven/ai.honeyhive/honeyhive-langchain4j/pom.properties");
    assertThat(entries(artifact("-sources"))).contains(
        "ai/honeyhive/langchain4j/HoneyHiveTracer.java", "META-INF/LICENSE");
    assertThat(entries(artifact("-javadoc"))).contains(
        "index.html",
        "ai/honeyhive/langchain4j/HoneyHiveTracer.html",
        "ai/honeyhive/langchain4j/EnrichmentContext.Builder.html");
  }

  @Test
  void theSpringBootStarterHasItsJarSourcesJavadocAndReleasePom() throws Exception {
    Path starter = ROOT.resolve("honeyhive-langchain4j-spring-boot-starter");
    String name = "honeyhive-langchain4j-spring-boot-starter-" + VERSION;
    assertThat(entries(starter.resolve("target/" + name + ".jar"))).contains(
        "ai/honeyhive/langchain4j/spring/HoneyHiveAutoConfiguration.class",
        "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
        "META-INF/services/dev.langchain4j.spi.services.AiServiceContextFactory",
        "META-INF/spring-configuration-metadata.json",
        "META-INF/LICENSE");
    assertThat(entries(starter.resolve("target/" + name + "-sources.jar")))
        .contains("ai/honeyhive/langchain4j/spring/HoneyHiveProperties.java");
    assertThat(entries(starter.resolve("target/" + name + "-javadoc.jar")))
        .contains("ai/honeyhive/langchain4j/spring/HoneyHiveProperties.html");
    String pom = Files.readString(starter.resolve(".flattened-pom.xml"), StandardCharsets.UTF_8);
    assertThat(pom).doesNotContain("${revision}");
    assertThat(text(child(parse(pom), "parent"), "version")).isEqualTo(VERSION);
  }

  @Test
  void theQuarkusExtensionHasItsJarsSourcesJavadocAndReleasePoms() throws Exception {
    Path runtime = ROOT.resolve("honeyhive-langchain4j-quarkus/runtime");
    Path deployment = ROOT.resolve("honeyhive-langchain4j-quarkus/deployment");
    String name = "honeyhive-langchain4j-quarkus-" + VERSION;
    Path jar = runtime.resolve("target/" + name + ".jar");
    assertThat(entries(jar)).contains(
        "ai/honeyhive/langchain4j/quarkus/HoneyHiveConfig.class",
        "META-INF/quarkus-extension.properties",
        "META-INF/quarkus-extension.yaml",
        "META-INF/LICENSE");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      java.util.Properties descriptor = new java.util.Properties();
      try (InputStream in = zip.getInputStream(zip.getEntry("META-INF/quarkus-extension.properties"))) {
        descriptor.load(in);
      }
      // Quarkus resolves the build steps from this coordinate: it must name the released deployment jar.
      assertThat(descriptor.getProperty("deployment-artifact"))
          .isEqualTo("ai.honeyhive:honeyhive-langchain4j-quarkus-deployment:" + VERSION);
    }
    assertThat(entries(runtime.resolve("target/" + name + "-sources.jar")))
        .contains("ai/honeyhive/langchain4j/quarkus/HoneyHiveConfig.java");
    assertThat(entries(runtime.resolve("target/" + name + "-javadoc.jar")))
        .contains("ai/honeyhive/langchain4j/quarkus/HoneyHiveConfig.html");
    String deploymentName = "honeyhive-langchain4j-quarkus-deployment-" + VERSION;
    assertThat(entries(deployment.resolve("target/" + deploymentName + ".jar")))
        .contains("ai/honeyhive/langchain4j/quarkus/deployment/HoneyHiveProcessor.class");
    assertThat(deployment.resolve("target/" + deploymentName + "-sources.jar")).isRegularFile();
    assertThat(deployment.resolve("target/" + deploymentName + "-javadoc.jar")).isRegularFile();
    for (Path module : List.of(runtime, deployment)) {
      String pom = Files.readString(module.resolve(".flattened-pom.xml"), StandardCharsets.UTF_8);
      assertThat(pom).as(module.toString()).doesNotContain("${revision}");
      assertThat(text(child(parse(pom), "parent"), "version")).isEqualTo(VERSION);
    }
  }

  @Test
  void theJavadocShowsNoInternalType() throws IOException {
    assertThat(entries(artifact("-javadoc")))
        .filteredOn(name -> name.endsWith(".html"))
        .noneMatch(name -> name.contains("/internal/"));
  }

  @Test
  void theJarSaysWhatItIs() throws IOException {
    try (JarFile jar = new JarFile(artifact("").toFile())) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("ai.honeyhive.langchain4j");
      assertThat(manifest.getMainAttributes().getValue("Implementation-Version")).isEqualTo(VERSION);
    }
  }

  /** Reproducible: every entry of every jar carries the pom's outputTimestamp, not the build's time. */
  @Test
  void everyEntryCarriesTheFixedTimestamp() throws IOException {
    long expected = Instant.parse(System.getProperty("release-check.outputTimestamp")).toEpochMilli();
    for (String classifier : List.of("", "-sources", "-javadoc")) {
      try (ZipFile zip = new ZipFile(artifact(classifier).toFile())) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
          ZipEntry entry = all.nextElement();
          // The zip format stores local time at 2 s resolution; compare through the same conversion.
          assertThat(entry.getLastModifiedTime().toMillis())
              .as("%s in %s", entry.getName(), classifier)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void theLibraryPomHasTheReleaseVersionAndNoPlaceholder() throws Exception {
    String pom = Files.readString(LIBRARY.resolve(".flattened-pom.xml"), StandardCharsets.UTF_8);
    assertThat(pom).doesNotContain("${revision}");
    Element project = parse(pom);
    Element parent = child(project, "parent");
    assertThat(text(parent, "artifactId")).isEqualTo("honeyhive-langchain4j-parent");
    assertThat(text(parent, "version")).isEqualTo(VERSION);
    assertThat(text(project, "artifactId")).isEqualTo("honeyhive-langchain4j");
    assertThat(text(project, "name")).isNotBlank();
    assertThat(text(project, "description")).isNotBlank();
  }

  @Test
  void theParentPomHasWhatCentralRequires() throws Exception {
    String pom = Files.readString(ROOT.resolve(".flattened-pom.xml"), StandardCharsets.UTF_8);
    assertThat(pom).doesNotContain("${revision}");
    Element project = parse(pom);
    assertThat(text(project, "version")).isEqualTo(VERSION);
    assertThat(text(project, "url")).startsWith("https://");
    assertThat(text(child(child(project, "licenses"), "license"), "name")).isEqualTo("Apache-2.0");
    assertThat(text(child(project, "scm"), "url")).isEqualTo(text(project, "url"));
    assertThat(text(child(project, "scm"), "connection")).startsWith("scm:git:");
    assertThat(text(child(child(project, "developers"), "developer"), "name")).isNotBlank();
  }

  private static Path artifact(String classifier) {
    Path jar = TARGET.resolve("honeyhive-langchain4j-" + VERSION + classifier + ".jar");
    assertThat(jar).as("built by the release profile").isRegularFile();
    return jar;
  }

  private static List<String> entries(Path jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().forEach(e -> names.add(e.getName()));
    }
    return names;
  }

  private static Element parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))) {
      Document doc = factory.newDocumentBuilder().parse(in);
      return doc.getDocumentElement();
    }
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
        return (Element) n;
      }
    }
    throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent().trim();
  }
}
