package dev.orderflow.local.appsync;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a SigV4 {@code Authorization} header as AWS's signature version 4 defines it: the
 * canonical request (method, path, query, signed headers, body hash), the string to sign with the
 * credential scope, and the HMAC-SHA256 key derived from the secret, the date, the region and the
 * service. The date ({@code X-Amz-Date}) must be within five minutes of the endpoint's clock.
 */
final class SigV4Verifier {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration SKEW = Duration.ofMinutes(5);
  static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
      + " Check your AWS Secret Access Key and signing method.";
  private static final Pattern HEADER = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
          + "SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /** What was signed: the request as the caller sent it, or as the real-time protocol names it. */
  record Signed(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
  }

  private final String secret;

  SigV4Verifier(String secret) {
    this.secret = secret;
  }

  /**
   * The access key id of a correctly signed request.
   *
   * @throws Caller.Unauthorized a 403 naming what is wrong: the header's form, the date, or the signature
   */
  String verify(Signed request, Instant now) throws Caller.Unauthorized {
    String authorization = request.headers().getOrDefault("authorization", "");
    Matcher m = HEADER.matcher(authorization.trim());
    if (!m.matches()) {
      throw forbidden("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders'"
          + " and 'Signature' in the form AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request,"
          + " SignedHeaders=..., Signature=...");
    }
    String accessKey = m.group(1);
    String scopeDate = m.group(2);
    String region = m.group(3);
    String service = m.group(4);
    List<String> signedHeaders = List.of(m.group(5).toLowerCase(Locale.ROOT).split(";"));
    String signature = m.group(6).toLowerCase(Locale.ROOT);
    String amzDate = request.headers().get("x-amz-date");
    if (amzDate == null) {
      throw forbidden("IncompleteSignatureException", "The request has no X-Amz-Date header; SigV4 needs one");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate.trim(), AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw forbidden("IncompleteSignatureException", "X-Amz-Date must be in the form 20260101T120000Z");
    }
    if (Duration.between(signedAt, now).abs().compareTo(SKEW) > 0) {
      String when = AMZ_DATE.format(now.atOffset(ZoneOffset.UTC));
      throw forbidden("InvalidSignatureException", "Signature expired: " + amzDate.trim() + " is more than 5 minutes"
          + (signedAt.isBefore(now) ? " before " : " after ") + "the endpoint's time " + when);
    }
    if (!amzDate.trim().startsWith(scopeDate)) {
      throw forbidden("InvalidSignatureException", "The credential's date " + scopeDate
          + " is not the date of X-Amz-Date " + amzDate.trim());
    }
    if (!signedHeaders.contains("host")) {
      throw forbidden("InvalidSignatureException", "The signed headers must include host");
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.method()).append('\n');
    canonical.append(encode(request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath(), false))
        .append('\n');
    canonical.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      String value = request.headers().get(name);
      if (value == null) {
        throw forbidden("InvalidSignatureException", "The signed header " + name + " is not in the request");
      }
      canonical.append(name).append(':').append(value.trim().replaceAll("\\s+", " ")).append('\n');
    }
    canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
    String contentHash = request.headers().get("x-amz-content-sha256");
    canonical.append("UNSIGNED-PAYLOAD".equals(contentHash) ? contentHash : hex(sha256(request.body())));
    String scope = scopeDate + "/" + region + "/" + service + "/aws4_request";
    String toSign = ALGORITHM + "\n" + amzDate.trim() + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scopeDate);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, toSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw forbidden("InvalidSignatureException", MISMATCH);
    }
    return accessKey;
  }

  private static Caller.Unauthorized forbidden(String type, String message) {
    return new Caller.Unauthorized(403, type, message);
  }

  /** Each name and value decoded, then encoded as SigV4 wants, sorted by name and then value. */
  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int equals = part.indexOf('=');
      String name = equals < 0 ? part : part.substring(0, equals);
      String value = equals < 0 ? "" : part.substring(equals + 1);
      pairs.add(new String[] {encode(decode(name), true), encode(decode(value), true)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> joined = new ArrayList<>();
    pairs.forEach(p -> joined.add(p[0] + "=" + p[1]));
    return String.join("&", joined);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** RFC 3986 encoding of every byte but the unreserved ones (and, in a path, the slash). */
  static String encode(String text, boolean slashToo) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~' || (c == '/' && !slashToo)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
