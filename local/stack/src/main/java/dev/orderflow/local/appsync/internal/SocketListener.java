package dev.orderflow.local.appsync.internal;

import java.util.Objects;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A WebSocket endpoint that hands its events to a {@link Handler}. Jetty calls endpoints through
 * method handles, which reach only public classes; this public one lets the real-time protocol's
 * connection stay package-private.
 */
public final class SocketListener implements Session.Listener.AutoDemanding {

  /** What a connection does with its socket's events. */
  public interface Handler {
    /**
     * The socket is open.
     *
     * @param session the socket
     */
    void opened(Session session);

    /**
     * A whole text message arrived.
     *
     * @param text the message
     */
    void text(String text);

    /** The socket is closed or failed. */
    void closed();
  }

  private final Handler handler;

  /**
   * A listener for one connection.
   *
   * @param handler the connection
   */
  public SocketListener(Handler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public void onWebSocketOpen(Session session) {
    handler.opened(session);
  }

  @Override
  public void onWebSocketText(String text) {
    handler.text(text);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    handler.closed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    handler.closed();
  }
}
