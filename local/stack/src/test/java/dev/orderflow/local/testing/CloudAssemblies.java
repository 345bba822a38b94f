package dev.orderflow.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cloud assemblies of one stack, written by hand as {@code cdk synth} lays them out: the stack's
 * template as {@code <stack>.template.json} and a {@code manifest.json} naming it, for tests that
 * run a handwritten template rather than a synthesized app.
 */
public final class CloudAssemblies {

  private CloudAssemblies() {
  }

  /**
   * Writes a cloud assembly holding one stack whose template is a file.
   *
   * @param directory the assembly folder, created if missing
   * @param stack the stack's name, as {@code --stack} and {@code LocalSystem.builder} take it
   * @param template the template file, copied into the folder
   * @return the folder, as {@code cdk.out}
   */
  public static Path oneStack(Path directory, String stack, Path template) {
    try {
      return oneStack(directory, stack, Files.readString(template));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same, with the template's JSON given as text. */
  public static Path oneStack(Path directory, String stack, String template) {
    return write(directory, stack, template, null);
  }

  /**
   * The same, with an asset manifest {@code <stack>.assets.json} beside the template, on which
   * the stack depends, as a stack with Lambda code or other files has.
   *
   * @param assets the asset manifest's JSON
   */
  public static Path oneStackWithAssets(Path directory, String stack, String template, String assets) {
    return write(directory, stack, template, assets);
  }

  private static Path write(Path directory, String stack, String template, String assets) {
    StringBuilder artifacts = new StringBuilder();
    if (assets != null) {
      artifacts.append("\"").append(stack).append(".assets\":{\"type\":\"cdk:asset-manifest\",")
          .append("\"properties\":{\"file\":\"").append(stack).append(".assets.json\"}},");
    }
    artifacts.append("\"").append(stack).append("\":{\"type\":\"aws:cloudformation:stack\",")
        .append("\"environment\":\"aws://unknown-account/unknown-region\",")
        .append("\"properties\":{\"templateFile\":\"").append(stack).append(".template.json\"},");
    if (assets != null) {
      artifacts.append("\"dependencies\":[\"").append(stack).append(".assets\"],");
    }
    artifacts.append("\"displayName\":\"").append(stack).append("\"}");
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(stack + ".template.json"), template);
      if (assets != null) {
        Files.writeString(directory.resolve(stack + ".assets.json"), assets);
      }
      Files.writeString(directory.resolve("manifest.json"),
          "{\"version\":\"54.0.0\",\"artifacts\":{" + artifacts + "}}");
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
