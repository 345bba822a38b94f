package dev.orderflow.local.appsync;

import dev.orderflow.local.dynamodb.http.LoopbackGuard;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to a local endpoint from a browser: only requests whose {@code Host} is a loopback
 * name or address (so that DNS rebinding cannot reach it by another name), and only pages whose
 * {@code Origin} is on the loopback interface, or one the user allowed.
 */
public final class LoopbackPolicy {

  private final String listenHost;
  private final Set<String> extraOrigins;

  /**
   * A policy for an endpoint.
   *
   * @param listenHost the address the endpoint listens on, which is always allowed as a Host
   * @param extraOrigins origins allowed besides the loopback ones
   */
  public LoopbackPolicy(String listenHost, Collection<String> extraOrigins) {
    this.listenHost = listenHost.toLowerCase(Locale.ROOT);
    this.extraOrigins = new LinkedHashSet<>();
    for (String origin : extraOrigins) {
      this.extraOrigins.add(normalise(origin));
    }
  }

  /**
   * An origin as a user gives it, checked: {@code http://} or {@code https://}, a host, an optional
   * port, and no path.
   *
   * @throws IllegalArgumentException naming the value and what is allowed
   */
  static String normalise(String origin) {
    String text = origin == null ? "" : origin.trim();
    if (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
          && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw new IllegalArgumentException("an allowed origin must be http:// or https://, a host and an optional port,"
        + " with no path, e.g. http://dev.example.test:3000, but '" + origin + "' was given");
  }

  /** Why a Host header is refused, or null when it names this machine's loopback interface. */
  public String refuseHost(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return null;
    }
    String host = LoopbackGuard.hostOf(hostHeader.trim().toLowerCase(Locale.ROOT));
    if (LoopbackGuard.loopback(host) || host.endsWith(".localhost") || host.equals(listenHost)) {
      return null;
    }
    return "Host '" + shorten(hostHeader) + "' is not a loopback name or address: the local endpoint answers only"
        + " localhost, 127.0.0.1 and [::1]";
  }

  /** Why an Origin header is refused, or null when the origin is allowed (or there is none). */
  public String refuseOrigin(String origin) {
    if (origin == null) {
      return null;
    }
    if (allowedOrigin(origin)) {
      return null;
    }
    return "Origin '" + shorten(origin) + "' is not allowed: the local endpoint serves pages from http(s)://localhost,"
        + " 127.0.0.1 and [::1] on any port, and the origins given with --allow-origin (allowOrigins)";
  }

  boolean allowedOrigin(String origin) {
    String normal;
    try {
      normal = normalise(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (extraOrigins.contains(normal)) {
      return true;
    }
    URI uri = URI.create(normal);
    String host = uri.getHost();
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
