package io.kamishop.plugins.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import io.kamishop.api.OutboundHttp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * stripe-java's transport, swapped for the store's guarded {@link OutboundHttp}. stripe-java opens its
 * own {@code HttpURLConnection} by default, which would pass by the host's outbound guard: an
 * {@code apiBase} of {@code http://127.0.0.1:6379} or a cloud metadata address would be reached with
 * the secret key in the Authorization header. Every call now goes through the same guard as any
 * other plugin's, checked on the address actually connected to.
 */
final class GuardedStripeHttpClient extends HttpClient {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final OutboundHttp http;
    private final Duration timeout;

    GuardedStripeHttpClient(OutboundHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ApiConnectionException("the Stripe API URL is not valid: " + e.getMessage(), e);
        }
        request.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.setHeader("User-Agent", buildUserAgentString(request));
        builder.setHeader("X-Stripe-Client-User-Agent", buildXStripeClientUserAgentString());
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.content() != null) {
            builder.setHeader("Content-Type", request.content().contentType());
            body = HttpRequest.BodyPublishers.ofByteArray(request.content().byteArrayContent());
        }
        builder.method(request.method().name(), body);
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new StripeResponse(
                    response.statusCode(), HttpHeaders.of(response.headers().map()), response.body());
        } catch (OutboundHttp.OutboundRefusedException e) {
            throw new ApiConnectionException(
                    "the store refused to connect to " + request.url().getHost() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ApiConnectionException("could not reach Stripe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("interrupted while calling Stripe", e);
        }
    }
}
