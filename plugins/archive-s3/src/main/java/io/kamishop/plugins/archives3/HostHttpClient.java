package io.kamishop.plugins.archives3;

import io.kamishop.api.OutboundHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The AWS SDK's HTTP client, answered by the host's guarded client ({@link OutboundHttp}): every call to the
 * bucket passes the store's outbound guard (internal addresses refused unless the merchant allows them, the
 * address connected to is the address checked), as every other plugin's calls do. The SDK signs the request
 * before it gets here; this class only carries it.
 */
final class HostHttpClient implements SdkHttpClient {

    /** Headers the JDK client sets itself and refuses from callers; it sends the same values (Host, Content-Length). */
    private static final Set<String> SET_BY_THE_JDK =
            Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final OutboundHttp http;
    private final Duration timeout;

    HostHttpClient(OutboundHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return execute(request);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while calling the bucket", e);
                }
            }

            @Override
            public void abort() {
                // Calls are whole-answer and bounded by the timeout; nothing to cancel midway.
            }
        };
    }

    private HttpExecuteResponse execute(HttpExecuteRequest request) throws IOException, InterruptedException {
        SdkHttpRequest sdk = request.httpRequest();
        byte[] body = request.contentStreamProvider()
                .map(provider -> {
                    try (InputStream in = provider.newStream()) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .orElse(null);
        HttpRequest.Builder builder = HttpRequest.newBuilder(sdk.getUri())
                .timeout(timeout)
                .method(
                        sdk.method().name(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : sdk.headers().entrySet()) {
            if (!SET_BY_THE_JDK.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(answer.statusCode());
        answer.headers().map().forEach(response::putHeader);
        return HttpExecuteResponse.builder()
                .response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                .build();
    }

    @Override
    public String clientName() {
        return "kamishop-guarded";
    }

    @Override
    public void close() {
        // The host owns the connections.
    }
}
