package dev.orderflow.local.dynamodb.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may reach an engine that listens on the loopback interface: requests whose {@code Host} names
 * this machine (or DynamoDB's own AWS name, which clients that sign for AWS keep), and browser
 * pages on the loopback interface. A page of another site, or a name that DNS rebinding points at
 * 127.0.0.1, reaches nothing: with CORS open to every origin, any page could have read and written
 * the tables of a developer's engine. An engine listening on another address (a container's, say)
 * was exposed on purpose and answers every origin, as DynamoDB does.
 */
public final class LoopbackGuard {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  // 127.0.0.1, what clients are given, is found here without the pattern.
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1",
      "[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1");

  private LoopbackGuard() {
  }

  /**
   * Whether a host (a name or an address, without its port) is on the loopback interface:
   * {@code localhost}, {@code 127.x.x.x} or {@code ::1}.
   *
   * @param host the host, e.g. from {@link #hostOf}
   * @return whether it is a loopback one
   */
  public static boolean loopback(String host) {
    String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
    return LOOPBACK_NAMES.contains(name) || IPV4_LOOPBACK.matcher(name).matches();
  }

  /**
   * Whether a host (without its port, lower case) is an AWS service's own name, such as
   * {@code dynamodb.us-east-1.amazonaws.com}: clients that sign for AWS keep it, and no web page can
   * make such a name point at this machine.
   *
   * @param host the host, e.g. from {@link #hostOf}
   * @return whether it is one
   */
  public static boolean awsName(String host) {
    return host.endsWith(".amazonaws.com");
  }

  /** Why a {@code Host} header is refused, or null when it names this machine or an AWS service. */
  static String refuseHost(String header, String listenHost) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String name = hostOf(header.trim().toLowerCase(Locale.ROOT));
    if (loopback(name) || name.endsWith(".localhost") || name.equals(listenHost.toLowerCase(Locale.ROOT))
        || awsName(name)) {
      return null;
    }
    return "Host '" + shorten(header) + "' is not a loopback name or address: this engine answers only localhost,"
        + " 127.0.0.1 and [::1]";
  }

  /** Why a browser page's {@code Origin} is refused, or null when it is a page on the loopback interface. */
  static String refuseOrigin(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && (host.equals("localhost") || loopback(host))) {
        return null;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    return "Origin '" + shorten(origin) + "' is not allowed: this engine serves pages from http(s)://localhost,"
        + " 127.0.0.1 and [::1] on any port";
  }

  /**
   * The host of a {@code Host} header's authority, without its port; an IPv6 address keeps its brackets.
   *
   * @param authority e.g. {@code localhost:8000} or {@code [::1]:8000}
   * @return e.g. {@code localhost} or {@code [::1]}
   */
  public static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(0, end + 1);
    }
    int colon = authority.indexOf(':');
    return colon >= 0 && authority.indexOf(':', colon + 1) < 0 ? authority.substring(0, colon) : authority;
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
