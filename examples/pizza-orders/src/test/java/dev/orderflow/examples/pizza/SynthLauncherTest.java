package dev.orderflow.examples.pizza;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The example's cdk.json app command ({@code sh synth.sh}) run as the CDK CLI runs it, on a copy
 * of this repository's sources with nothing built, as on a fresh clone. Each test builds on the
 * state the one before left: the first synth builds the modules; a synth with nothing changed
 * runs the compiled app without Maven; after a change to a resolver's code in orderflow-constructs,
 * or to the Lambda code of orderflow-runtime, the next synth builds again and its template
 * carries the change.
 *
 * <p>The runs synthesize with aws-cdk-lib's template validation off: it checks the template, not
 * what was built, and would double the time of each run.
 *
 * <p>Its time goes to Maven builds and synths in processes of their own, so the class runs beside
 * the module's other test classes (CONCURRENT) while its own tests run one after the other, in
 * order, on its thread (SAME_THREAD on each).
 */
@Execution(ExecutionMode.CONCURRENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SynthLauncherTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().resolve("../..").normalize();
  private static final String BUILD_NOTICE = "building the app's modules with Maven";
  /** Folders that a clone does not have: build outputs, Node.js packages, cloud assemblies. */
  private static final Set<String> NOT_SOURCES = Set.of(".git", "node_modules", "cdk.out");
  /** The modules the example is built from, copied whole; of the others only the pom. */
  private static final List<String> APP_MODULES = List.of("runtime", "constructs", "examples/pizza-orders");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ASSET = Pattern.compile("asset\\.([0-9a-f]{64})\\.zip");

  private Path work;
  private Path clone;
  private Synth first;

  @BeforeAll
  void synthesizeOnAFreshCopy(@TempDir Path folder) throws IOException, InterruptedException {
    work = folder;
    clone = work.resolve("clone");
    copySources(REPOSITORY, clone);
    first = synth("first");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(1)
  void firstSynthOfAFreshCloneBuildsTheModulesAndWritesTheTemplate() {
    assertThat(first.output()).contains(BUILD_NOTICE + " (no earlier build)");
    assertThat(first.template()).contains("\"AWS::AppSync::GraphQLApi\"", "\"AWS::Lambda::Function\"");
    assertThat(first.lambdaAssets()).hasSize(1);
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(1)
  void firstSynthBuildsOnlyTheModulesTheAppRunsOn() throws IOException {
    List<String> built;
    try (Stream<Path> paths = Files.walk(clone)) {
      built = paths.filter(path -> path.getFileName().toString().equals("target") && Files.isDirectory(path))
          .map(path -> clone.relativize(path.getParent()).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
    assertThat(built).containsExactly("constructs", "examples/pizza-orders", "runtime");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(2)
  void synthWithNothingChangedRunsTheBuiltAppWithoutMaven() throws IOException, InterruptedException {
    Path constructsJar = clone.resolve("constructs/target/orderflow-constructs-0.1.0-SNAPSHOT.jar");
    FileTime builtAt = Files.getLastModifiedTime(constructsJar);

    Synth again = synth("unchanged");

    assertThat(again.output()).doesNotContain(BUILD_NOTICE);
    assertThat(Files.getLastModifiedTime(constructsJar)).isEqualTo(builtAt);
    // Compared as JSON: the order of keys within a map of the template may differ between runs.
    assertThat(JSON.readTree(again.template())).isEqualTo(JSON.readTree(first.template()));
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(3)
  void synthAfterAResolverChangeCarriesTheNewResolverCode() throws IOException, InterruptedException {
    String marker = "// resolver edited at " + System.nanoTime();
    Path resolver = clone.resolve("constructs/src/main/resources/dev/orderflow/constructs/graphql/postOrder.js");
    Files.writeString(resolver, "\n" + marker + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    Synth changed = synth("resolver");

    assertThat(changed.output()).contains(BUILD_NOTICE + " (constructs/src/main/resources/");
    assertThat(changed.template()).contains(marker);
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(4)
  void synthAfterARuntimeChangeStagesTheNewLambdaArtifact() throws IOException, InterruptedException {
    // One line more moves every line number of the handler's class, so its bytes, the Lambda
    // artifact and the asset hash all change.
    Path handler = clone.resolve("runtime/src/main/java/dev/orderflow/runtime/payment/PaymentHandler.java");
    Files.writeString(handler, "\n" + Files.readString(handler, StandardCharsets.UTF_8), StandardCharsets.UTF_8);

    Synth changed = synth("runtime");

    assertThat(changed.output()).contains(BUILD_NOTICE + " (runtime/src/main/java/");
    assertThat(changed.lambdaAssets()).hasSize(1).doesNotContainAnyElementsOf(first.lambdaAssets());
    assertThat(changed.template()).contains(changed.lambdaAssets().iterator().next() + ".zip");
  }

  /** One run of the app command, its output (Maven's and the app's) and its cloud assembly. */
  private record Synth(String output, String template, Set<String> lambdaAssets) {}

  private Synth synth(String name) throws IOException, InterruptedException {
    Path example = clone.resolve("examples/pizza-orders");
    Path outdir = Files.createDirectories(work.resolve("cdk.out-" + name));
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder("sh", "synth.sh")
        .directory(example.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // Maven finds the project from the folder it runs in, not from the build running this test.
    env.remove("MAVEN_BASEDIR");
    env.remove("MAVEN_PROJECTBASEDIR");
    env.put("CDK_OUTDIR", outdir.toString());
    env.put("CDK_VALIDATION", "false");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit status of synth.sh (%s), output:%n%s", name, output).isZero();
    Path template = outdir.resolve("PizzaOrders.template.json");
    assertThat(template).as("template of synth.sh (%s), output:%n%s", name, output).exists();
    Set<String> assets;
    try (Stream<Path> files = Files.list(outdir)) {
      assets = files.map(file -> ASSET.matcher(file.getFileName().toString()))
          .filter(Matcher::matches)
          .map(matcher -> matcher.group(1))
          .collect(Collectors.toSet());
    }
    return new Synth(output, Files.readString(template, StandardCharsets.UTF_8), assets);
  }

  /**
   * The repository's sources as a clone has them: the example and the modules it is built from
   * whole, of the other modules only their poms (Maven reads every module of the reactor).
   */
  private static void copySources(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        boolean output = name.equals("target") || name.startsWith("target-") || NOT_SOURCES.contains(name);
        return output && !dir.equals(from) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        String relative = from.relativize(file).toString().replace('\\', '/');
        boolean wanted = !relative.contains("/") || relative.startsWith(".mvn/")
            || file.getFileName().toString().equals("pom.xml")
            || APP_MODULES.stream().anyMatch(module -> relative.startsWith(module + "/"));
        if (wanted) {
          Path target = to.resolve(relative);
          Files.createDirectories(target.getParent());
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
