package io.kamishop.api;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The HTTP client a plugin uses to call its gateway. Requests are plain {@link HttpRequest}s of the
 * JDK; what the host adds is a guard: a request to a loopback, private, link-local or otherwise
 * internal address is refused with {@link OutboundRefusedException} before any byte is sent, so a
 * setting such as {@code apiBase} cannot be turned into a probe of the merchant's network. The
 * merchant can allow internal addresses (for a gateway fake in tests, or an intranet relay) with
 * {@code KAMISHOP_ALLOW_PRIVATE_OUTBOUND=true}.
 *
 * <p>Redirects are not followed (a redirect could point inside); a {@code 3xx} comes back to you.
 * Connections time out after 10 seconds; set {@link HttpRequest.Builder#timeout} for the whole call.
 */
public interface OutboundHttp {

    /**
     * Sends a request and reads the whole answer.
     *
     * @throws OutboundRefusedException when the address is not allowed
     * @throws IOException              when the network fails
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException;

    /** Sends a request and reads the answer as UTF-8 text. */
    default HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The host refused to connect to the address a request names. */
    class OutboundRefusedException extends IOException {
        public OutboundRefusedException(String message) {
            super(message);
        }
    }
}
