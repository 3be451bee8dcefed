package io.kamishop.plugins.archives3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.OutboundHttp;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** The S3 archive storage against a real S3-compatible server (moto) started for the test. */
class S3ArchiveStorageTest {

    @TempDir
    Path dir;

    MotoServer moto;
    final HttpClient jdk = HttpClient.newHttpClient();
    final AtomicInteger calls = new AtomicInteger();
    FakePluginContext context;
    S3ArchiveStorage storage;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        try (S3Client admin = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            admin.createBucket(b -> b.bucket("shop-archive"));
        }
        context = new FakePluginContext("archive-s3", Clock.systemUTC());
        context.values.put("bucket", "shop-archive");
        context.values.put("endpoint", moto.endpoint());
        context.values.put("accessKeyId", "test");
        context.values.put("secretAccessKey", "test");
        context.values.put("prefix", "store-1/");
        // The host's guarded client, allowing the loopback moto_server as a merchant's KAMISHOP_ALLOW_PRIVATE_OUTBOUND
        // would.
        context.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                calls.incrementAndGet();
                return jdk.send(request, body);
            }
        };
        storage = new S3ArchiveStorage();
        storage.start(context);
    }

    @AfterEach
    void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void aSegmentWrittenToTheBucketReadsBackByteForByte() throws Exception {
        byte[] segment = new byte[300_000];
        new Random(7).nextBytes(segment);

        storage.put("seg-1-abc", segment);

        assertThat(storage.get("seg-1-abc")).isEqualTo(segment);
        // It is one object under the configured prefix, as another S3 client sees it.
        try (S3Client other = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            byte[] object = other.getObjectAsBytes(GetObjectRequest.builder()
                            .bucket("shop-archive")
                            .key("store-1/seg-1-abc.seg")
                            .build())
                    .asByteArray();
            assertThat(object).isEqualTo(segment);
        }
    }

    @Test
    void everyCallToTheBucketGoesThroughTheHostsGuardedClient() throws Exception {
        storage.put("seg-3", new byte[] {4, 5, 6});
        assertThat(storage.get("seg-3")).containsExactly(4, 5, 6);
        assertThat(calls.get())
                .as("the put and the get, each through the host's client")
                .isEqualTo(2);

        context.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
                throw new OutboundRefusedException("refused: " + request.uri().getHost() + " is a loopback address");
            }
        };
        assertThatThrownBy(() -> storage.put("seg-4", new byte[] {7})).hasStackTraceContaining("loopback address");
        context.http = (OutboundHttp) new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                return jdk.send(request, body);
            }
        };
        assertThatThrownBy(() -> storage.get("seg-4"))
                .as("the refused put sent nothing")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aMissingSegmentOrBucketIsAnErrorNotEmptyBytes() {
        assertThatThrownBy(() -> storage.get("seg-never-written")).isInstanceOf(RuntimeException.class);
        context.values.put("bucket", "no-such-bucket");
        assertThatThrownBy(() -> storage.put("seg-2", new byte[] {1, 2, 3})).isInstanceOf(RuntimeException.class);
    }
}
