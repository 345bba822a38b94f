package dev.orderflow.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.orderflow.local.testing.CloudAssemblies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Handler classes compiled at test time, and deployment packages and a cloud assembly made of them. */
final class TestFunctions {

  static final Map<String, String> SOURCES = Map.of(
      "example/Greeter.java", """
          package example;

          import com.amazonaws.services.lambda.runtime.Context;
          import com.amazonaws.services.lambda.runtime.RequestHandler;
          import java.util.LinkedHashMap;
          import java.util.Map;
          import java.util.function.Function;

          public class Greeter implements RequestHandler<Map<String, Object>, Map<String, Object>> {
            static final String AT_INIT = System.getenv("GREETING");
            static int coldStarts;

            public Greeter() {
              coldStarts++;
            }

            @Override
            public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
              Function<String, String> lookup = System::getenv;
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("greeting", System.getenv("GREETING"));
              out.put("viaReference", lookup.apply("GREETING"));
              out.put("viaMap", System.getenv().get("GREETING"));
              out.put("atInit", AT_INIT);
              out.put("functionName", System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
              out.put("region", System.getenv("AWS_REGION"));
              out.put("memoryVariable", System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
              out.put("extra", System.getenv("AWS_ENDPOINT_URL_SQS"));
              out.put("path", System.getenv("PATH"));
              out.put("memory", context.getMemoryLimitInMB());
              out.put("requestId", context.getAwsRequestId());
              out.put("remainingMillis", context.getRemainingTimeInMillis());
              out.put("name", input.get("name"));
              out.put("contextLoader", Context.class.getClassLoader() == null ? "boot" : String.valueOf(Context.class.getClassLoader().getName()));
              out.put("seesCallerClassPath", visible("org.assertj.core.api.Assertions"));
              out.put("coldStarts", coldStarts);
              context.getLogger().log("greeted " + input.get("name"));
              return out;
            }

            private static boolean visible(String name) {
              try {
                Class.forName(name);
                return true;
              } catch (ClassNotFoundException e) {
                return false;
              }
            }
          }
          """,
      "example/Thrower.java", """
          package example;

          import com.amazonaws.services.lambda.runtime.Context;

          public class Thrower {
            public String handle(String input, Context context) {
              try {
                Integer.parseInt(input);
              } catch (NumberFormatException e) {
                throw new IllegalStateException("card declined for " + input, e);
              }
              return "paid " + input;
            }
          }
          """,
      "example/Sleeper.java", """
          package example;

          import com.amazonaws.services.lambda.runtime.Context;
          import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
          import java.io.IOException;
          import java.io.InputStream;
          import java.io.OutputStream;
          import java.nio.charset.StandardCharsets;

          public class Sleeper implements RequestStreamHandler {
            static int coldStarts;

            public Sleeper() {
              coldStarts++;
            }

            @Override
            public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
              String input = new String(in.readAllBytes(), StandardCharsets.UTF_8);
              if (input.contains("sleep")) {
                try {
                  Thread.sleep(5000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              out.write(("{\\"coldStarts\\":" + coldStarts + "}").getBytes(StandardCharsets.UTF_8));
            }
          }
          """);

  private TestFunctions() {}

  static Path lambdaCoreJar() {
    try {
      return Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compiles the handlers into a directory of class files. */
  static Path compile(Path work) throws IOException {
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", lambdaCoreJar().toString(),
        "-d", classes.toString()));
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("the test handlers did not compile");
    }
    return classes;
  }

  /** A Lambda deployment zip: the classes at the root, and optionally the Lambda core jar under lib/. */
  static void zip(Path classes, Path zip, boolean bundleLambdaCore) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        z.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
      if (bundleLambdaCore) {
        z.putNextEntry(new ZipEntry("lib/aws-lambda-java-core.jar"));
        z.write(Files.readAllBytes(lambdaCoreJar()));
        z.closeEntry();
      }
    }
  }

  /** The same package unpacked, as CDK leaves a zip asset that it built from a folder. */
  static void unpacked(Path classes, Path dir, boolean bundleLambdaCore) throws IOException {
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = dir.resolve(classes.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    if (bundleLambdaCore) {
      Files.createDirectories(dir.resolve("lib"));
      Files.copy(lambdaCoreJar(), dir.resolve("lib/aws-lambda-java-core.jar"));
    }
  }

  /**
   * A cloud assembly with five functions: two greeters with different environments (one packaged
   * as a zip without the Lambda core jar, one unpacked with it), a thrower, a sleeper with a
   * one-second timeout, and the same sleeper with a generous one.
   */
  static Path assembly(Path dir) throws IOException {
    Path classes = compile(dir.resolve("build"));
    Path out = dir.resolve("cdk.out");
    Files.createDirectories(out);
    zip(classes, out.resolve("asset.aaaa.zip"), false);
    unpacked(classes, out.resolve("asset.bbbb"), true);
    String assets = """
        {"version": "54.0.0", "files": {
          "aaaa": {"source": {"path": "asset.aaaa.zip", "packaging": "file"},
                   "destinations": {"d": {"bucketName": "b", "objectKey": "aaaa.zip"}}},
          "bbbb": {"source": {"path": "asset.bbbb", "packaging": "zip"},
                   "destinations": {"d": {"bucketName": "b", "objectKey": "bbbb.zip"}}}}}""";
    String code = """
        {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "%s"}""";
    String template = """
        {"Resources": {
          "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders"}},
          "GreeterA": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": %1$s, "Handler": "example.Greeter", "Runtime": "java21", "MemorySize": 512,
            "Environment": {"Variables": {"GREETING": "hello from A", "TABLE": {"Ref": "Table"}}}}},
          "GreeterB": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": %2$s, "Handler": "example.Greeter::handleRequest", "Runtime": "java17",
            "FunctionName": "greeter-b", "Environment": {"Variables": {"GREETING": "hello from B"}}}},
          "Thrower": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": %1$s, "Handler": "example.Thrower::handle", "Runtime": "java21"}},
          "Sleeper": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": %1$s, "Handler": "example.Sleeper", "Runtime": "java21", "Timeout": 1}}
        }}""".formatted(code.formatted("aaaa.zip"), code.formatted("bbbb.zip"));
    return CloudAssemblies.oneStackWithAssets(out, "Fns", template, assets);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
