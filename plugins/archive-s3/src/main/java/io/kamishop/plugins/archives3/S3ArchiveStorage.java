package io.kamishop.plugins.archives3;

import io.kamishop.api.ArchiveStorage;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The order archive's cold segments in an S3 bucket, or in any S3-compatible store (MinIO, Ceph, Cloudflare R2,
 * Alibaba OSS) given its endpoint. Each segment is one object, {@code <prefix><name>.seg}, written with a
 * Content-MD5 so the store refuses a body damaged on the way; the host then reads it back and compares it.
 *
 * <p>The client is built from the settings on each call: segments are written a few times a day, and a
 * changed key or endpoint takes effect without a restart.
 */
@Extension
public final class S3ArchiveStorage implements ArchiveStorage {

    private volatile PluginContext context;

    @Override
    public String id() {
        return "s3";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string("bucket", "Bucket")
                        .asRequired()
                        .withPattern("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
                SettingDefinition.string("region", "Region").withDefault("us-east-1"),
                SettingDefinition.string("endpoint", "Endpoint of an S3-compatible store (empty: AWS S3)")
                        .withHelp("For example https://minio.example.com:9000; AWS S3 needs none.")
                        .withPattern("(https?://[^\\s]+)?"),
                SettingDefinition.string("prefix", "Object name prefix")
                        .withDefault("kamishop-archive/")
                        .withPattern("[A-Za-z0-9/._-]{0,200}"),
                SettingDefinition.choice(
                        "pathStyle",
                        "Address the bucket in the path (most S3-compatible stores)",
                        "true",
                        List.of("true", "false")),
                SettingDefinition.string("accessKeyId", "Access key id").asRequired(),
                SettingDefinition.secret("secretAccessKey", "Secret access key").asRequired());
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public void put(String name, byte[] bytes) {
        try (S3Client s3 = client()) {
            s3.putObject(
                    PutObjectRequest.builder()
                            .bucket(bucket())
                            .key(key(name))
                            .contentLength((long) bytes.length)
                            .contentMD5(java.util.Base64.getEncoder().encodeToString(md5(bytes)))
                            .build(),
                    RequestBody.fromBytes(bytes));
        }
    }

    @Override
    public byte[] get(String name) {
        try (S3Client s3 = client()) {
            return s3.getObjectAsBytes(GetObjectRequest.builder()
                            .bucket(bucket())
                            .key(key(name))
                            .build())
                    .asByteArray();
        }
    }

    private S3Client client() {
        var settings = context.settings();
        S3ClientBuilder builder = S3Client.builder()
                // Through the host's guarded client, like every plugin's outbound call (see HostHttpClient).
                .httpClient(new HostHttpClient(context.http(), Duration.ofSeconds(60)))
                .region(Region.of(
                        settings.get("region").filter(r -> !r.isBlank()).orElse("us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.require("accessKeyId"), settings.require("secretAccessKey"))))
                .forcePathStyle(settings.getBoolean("pathStyle", true));
        settings.get("endpoint").filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }

    private String bucket() {
        return context.settings().require("bucket");
    }

    private String key(String name) {
        return context.settings().get("prefix").orElse("kamishop-archive/") + name + ".seg";
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
