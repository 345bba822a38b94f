package dev.orderflow.local.assembly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names for resources whose template gives none, shaped as CloudFormation makes them:
 * {@code <stack>-<logicalId>-<suffix>}. The suffix is derived from the stack and logical id, so a
 * second run of one template gives the same names.
 */
public final class PhysicalNames {

  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final int SUFFIX_LENGTH = 12;

  private PhysicalNames() {}

  /**
   * A generated name of at most {@code maxLength} characters.
   *
   * @param stackName the stack name
   * @param logicalId the logical id
   * @param maxLength the longest name the service accepts (e.g. 80 for a queue)
   * @return the name
   */
  public static String generate(String stackName, String logicalId, int maxLength) {
    String suffix = suffix(stackName + "/" + logicalId);
    String stack = stackName;
    String id = logicalId;
    int room = maxLength - SUFFIX_LENGTH - 2;
    // CloudFormation shortens the stack name and the logical id, not the suffix that makes it unique.
    while (stack.length() + id.length() > room && (stack.length() > 1 || id.length() > 1)) {
      if (stack.length() >= id.length()) {
        stack = stack.substring(0, stack.length() - 1);
      } else {
        id = id.substring(0, id.length() - 1);
      }
    }
    return stack + "-" + id + "-" + suffix;
  }

  /**
   * A generated name with no length limit beyond CloudFormation's usual one (255).
   *
   * @param stackName the stack name
   * @param logicalId the logical id
   * @return the name
   */
  public static String generate(String stackName, String logicalId) {
    return generate(stackName, logicalId, 255);
  }

  static String suffix(String seed) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(SUFFIX_LENGTH);
      for (int i = 0; i < SUFFIX_LENGTH; i++) {
        sb.append(ALPHABET[(hash[i] & 0xff) % ALPHABET.length]);
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
