package dev.orderflow.local.appsync;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The credentials that IAM callers of a local endpoint sign with (SigV4). The endpoint takes any
 * access key id as the caller's identity, but only a signature made with this secret: one secret
 * for every identity, so that a test can act as several IAM customers.
 *
 * @param accessKeyId an access key id to sign with; any other id works as well, and names another caller
 * @param secretAccessKey the secret that every signature must be made with
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey) {

  /** The access key id that the local system prints: an example, since any id is accepted. */
  public static final String EXAMPLE_ACCESS_KEY_ID = "LOCALKEY000000000000";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /**
   * Credentials as given.
   *
   * @param accessKeyId an access key id
   * @param secretAccessKey the secret
   */
  public AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    if (secretAccessKey.isEmpty()) {
      throw new IllegalArgumentException("secretAccessKey must not be empty");
    }
  }

  /**
   * The example access key id with a new random secret of 40 characters, as AWS's secrets look.
   *
   * @return credentials for one run
   */
  public static AwsCredentials random() {
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return new AwsCredentials(EXAMPLE_ACCESS_KEY_ID, secret.toString());
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden)]";
  }
}
