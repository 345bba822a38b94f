package dev.orderflow.constructs.internal;

import java.nio.file.Path;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The Lambda deployment artifact of {@code orderflow-runtime}, embedded in this jar at build time.
 *
 * <p>A CDK app that only depends on {@code orderflow-constructs} deploys working code: at synth
 * the artifact is written to a file once per JVM and staged as a CDK asset. The asset hash depends
 * only on the artifact's bytes and file name, and the artifact is built reproducibly, so the hash
 * is the same on every machine for one release.
 */
public final class RuntimeArtifact {

  /** Name of the embedded resource, beside this class. */
  public static final String RESOURCE_NAME = "orderflow-runtime-lambda.zip";

  /** Handler of the payment step in the artifact. */
  public static final String PAYMENT_HANDLER = "dev.orderflow.runtime.payment.PaymentHandler::handleRequest";

  private static Path extracted;

  private RuntimeArtifact() {}

  /** The artifact as a file on disk, written on first use. */
  public static synchronized Path path() {
    if (extracted == null) {
      extracted = ClasspathResources.toTemporaryFile(
          RESOURCE_NAME, ClasspathResources.bytes(RuntimeArtifact.class, RESOURCE_NAME));
    }
    return extracted;
  }

  /** The artifact as Lambda code, staged as a file asset. */
  public static Code code() {
    return Code.fromAsset(path().toString());
  }
}
