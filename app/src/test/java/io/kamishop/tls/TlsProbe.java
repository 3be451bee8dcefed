package io.kamishop.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client for tests that pins the protocol versions it offers and trusts only the roots given:
 * one handshake, one {@code GET}, and what the server showed (protocol, certificate, answer).
 */
final class TlsProbe {

    /** What one connection saw. */
    record Seen(String protocol, X509Certificate leaf, String response) {
        int status() {
            return Integer.parseInt(response.split(" ", 3)[1]);
        }

        String header(String name) {
            for (String line : response.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private TlsProbe() {}

    /** Connects to 127.0.0.1:{@code port} as {@code host} (SNI and Host header) offering only {@code protocols}. */
    static Seen get(int port, String host, String path, List<String> protocols, List<X509Certificate> trusted)
            throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                trust.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket)
                    context.getSocketFactory().createSocket(new java.net.Socket("127.0.0.1", port), host, port, true)) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(protocols.toArray(String[]::new));
                var parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the name must match, as in a browser
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                in.transferTo(response);
                return new Seen(
                        socket.getSession().getProtocol(),
                        (X509Certificate) socket.getSession().getPeerCertificates()[0],
                        response.toString(StandardCharsets.UTF_8));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writePem(java.nio.file.Path chain, java.nio.file.Path key, ServerCertificate certificate) {
        try {
            java.nio.file.Files.writeString(chain, certificate.chainPem());
            java.nio.file.Files.writeString(key, certificate.keyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
