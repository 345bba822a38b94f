package dev.orderflow.constructs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The files this jar writes for CDK to read: written where CDK finds them, and gone when the JVM ends. */
class ClasspathResourcesTest {

  @Test
  void writesTheContentUnderTheGivenFileName() throws Exception {
    Path file = ClasspathResources.toTemporaryFile("schema.graphql", "type Query { a: Int }".getBytes(StandardCharsets.UTF_8));

    assertThat(file.getFileName()).hasToString("schema.graphql");
    assertThat(file).hasContent("type Query { a: Int }");
  }

  @Test
  void leavesNeitherFileNorFolderBehindWhenTheJvmEnds() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = String.join(File.pathSeparator, location(ClasspathResources.class), location(WritesTwoFiles.class));
    Process jvm = new ProcessBuilder(javaBin, "-cp", classPath, WritesTwoFiles.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Path> written = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().map(Path::of).toList();
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(jvm.exitValue()).isZero();
    assertThat(written).hasSize(2);
    for (Path file : written) {
      assertThat(file).doesNotExist();
      assertThat(file.getParent()).as("the folder of " + file.getFileName()).doesNotExist();
    }
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** A JVM that writes two files, as a synth of the example does, prints where, and ends. */
  static final class WritesTwoFiles {
    public static void main(String[] args) {
      Path schema = ClasspathResources.toTemporaryFile("schema.graphql", new byte[] {1});
      Path artifact = ClasspathResources.toTemporaryFile("runtime.zip", new byte[] {2});
      if (!Files.exists(schema) || !Files.exists(artifact)) {
        throw new IllegalStateException("not written");
      }
      System.out.println(schema);
      System.out.println(artifact);
    }
  }
}
