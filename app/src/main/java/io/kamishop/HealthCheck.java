package io.kamishop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code java -cp kamishop.jar io.kamishop.HealthCheck}: exits 0 when the local store answers
 * {@code /healthz} with 200. For container health checks, where no curl is installed.
 */
public final class HealthCheck {

    private HealthCheck() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String port = env.getOrDefault("KAMISHOP_PORT", "8080");
        String bind = env.getOrDefault("KAMISHOP_BIND", "0.0.0.0").trim();
        String host = bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")
                ? "127.0.0.1"
                : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        boolean tls = env.containsKey("KAMISHOP_TLS_CERT") || env.containsKey("KAMISHOP_ACME_DIRECTORY");
        try {
            HttpClient.Builder client = HttpClient.newBuilder();
            if (tls) {
                // Asking our own process over loopback whether it is up: the certificate names the public
                // host, not 127.0.0.1, and proving it is not what this check is for.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new AnyCertificate()}, null);
                client.sslContext(context);
            }
            HttpResponse<Void> response = client.build()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            (tls ? "https" : "http") + "://" + host + ":" + port + "/healthz"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            System.exit(response.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }

    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // loopback health check only: see above
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
