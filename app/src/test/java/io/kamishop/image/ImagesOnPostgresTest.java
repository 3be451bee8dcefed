package io.kamishop.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Images stored as BYTEA on PostgreSQL: the bytes come back whole, replacing and removing retire the old ones. */
@PostgresTest
class ImagesOnPostgresTest {

    @Test
    void imagesRoundTripOnPostgresql() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database database = Database.open(pg.url())) {
            Images images = new Images(database, Clock.systemUTC());
            ShownImage shown = images.attach(
                    Images.productOwner(7), ImagePurpose.PRODUCT, TestImages.picture("jpg", 900, 600, 1), "image/jpeg");
            assertThat(shown.widths()).containsExactly(320, 640, 900);

            Images.StoredFile file =
                    images.file(shown.url(640).substring("/images/".length())).orElseThrow();
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(file.bytes()));
            assertThat(read.getWidth()).isEqualTo(640);
            assertThat(read.getHeight()).isEqualTo(427);
            assertThat(file.contentType()).isEqualTo("image/jpeg");

            // The same upload for the logo shares the stored files; a refused one changes nothing.
            images.attach(Images.LOGO, ImagePurpose.LOGO, TestImages.picture("jpg", 900, 600, 1), "image/jpeg");
            assertThatThrownBy(() ->
                            images.attach(Images.FAVICON, ImagePurpose.FAVICON, new byte[] {1, 2, 3}, "image/png"))
                    .isInstanceOf(Refusal.class)
                    .hasFieldOrPropertyWithValue("code", "invalid_image");
            Map<String, ShownImage> both = images.shown(List.of(Images.productOwner(7), Images.LOGO, Images.FAVICON));
            assertThat(both.keySet()).containsExactlyInAnyOrder(Images.productOwner(7), Images.LOGO);
            assertThat(both.get(Images.LOGO).hash()).isEqualTo(shown.hash());

            assertThat(images.detach(Images.productOwner(7))).isTrue();
            assertThat(images.file(shown.url(640).substring("/images/".length())))
                    .as("still the logo's")
                    .isPresent();
            assertThat(images.detach(Images.LOGO)).isTrue();
            assertThat(images.file(shown.url(640).substring("/images/".length())))
                    .isEmpty();
            assertThat(images.detach(Images.LOGO)).isFalse();
            assertThat(images.shown(List.of())).isEmpty();
        }
    }
}
