package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.image.TestImages;
import io.kamishop.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin pages' upload forms: multipart with the page's CSRF token, a refusal shown in the admin's language. */
class ImagePagesTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void productPictureAndStoreMarksAreUploadedFromTheAdminPages() {
        try (TestStore store = TestStore.start()) {
            long id = store.createProduct("Form card", 100, "CNY");
            store.http().adminPostJson("/api/admin/users", Map.of("username", "owner", "password", PASSWORD));
            AdminClient admin = new AdminClient(store.baseUrl());
            assertThat(admin.signIn("owner", PASSWORD).status()).isEqualTo(303);
            String page = admin.get("/admin/products/" + id).body();
            assertThat(page).contains("id=\"image-form\"").contains("id=\"no-image\"");
            String csrf = AdminClient.csrfFrom(page);

            // Without the CSRF token the upload is refused and nothing is stored.
            assertThat(upload(
                                    admin,
                                    store.baseUrl() + "/admin/products/" + id + "/image",
                                    null,
                                    TestImages.picture("jpg", 800, 600, 1),
                                    "image/jpeg")
                            .status())
                    .isEqualTo(403);
            assertThat(admin.get("/admin/products/" + id).body()).contains("id=\"no-image\"");

            AdminClient.Page saved = upload(
                    admin,
                    store.baseUrl() + "/admin/products/" + id + "/image",
                    csrf,
                    TestImages.picture("jpg", 800, 600, 1),
                    "image/jpeg");
            assertThat(saved.status()).isEqualTo(303);
            assertThat(admin.get("/admin/products/" + id).body()).contains("id=\"current-image\"");
            assertThat(store.http().get("/products/" + id).body()).contains("id=\"product-image\"");

            AdminClient.Page refused = upload(
                    admin,
                    store.baseUrl() + "/admin/products/" + id + "/image",
                    csrf,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8),
                    "image/svg+xml");
            assertThat(refused.status()).isEqualTo(415);
            assertThat(refused.body()).contains("id=\"image-error\"").contains("Only JPEG, PNG, WebP and GIF");
            admin.header("Accept-Language", "zh-CN");
            AdminClient.Page refusedZh = upload(
                    admin,
                    store.baseUrl() + "/admin/products/" + id + "/image",
                    csrf,
                    "GIF89a nope".getBytes(StandardCharsets.US_ASCII),
                    "image/gif");
            assertThat(refusedZh.status()).isEqualTo(422);
            assertThat(refusedZh.body()).contains("图片未被接受");

            String branding = admin.get("/admin/settings/branding").body();
            assertThat(upload(
                                    admin,
                                    store.baseUrl() + "/admin/settings/branding/logo",
                                    AdminClient.csrfFrom(branding),
                                    TestImages.picture("png", 300, 80, 3),
                                    "image/png")
                            .status())
                    .isEqualTo(303);
            assertThat(admin.get("/admin/settings/branding").body())
                    .contains("id=\"current-logo\"")
                    .contains("id=\"no-favicon\"");
            assertThat(store.http().get("/").body()).contains("id=\"store-logo\"");
        }
    }

    private static AdminClient.Page upload(AdminClient admin, String url, String csrf, byte[] file, String type) {
        String boundary = "----kamishop" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (csrf != null) {
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"upload\"\r\nContent-Type: "
                        + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return admin.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }
}
