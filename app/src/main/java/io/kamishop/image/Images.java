package io.kamishop.image;

import io.kamishop.db.Database;
import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * The store's images: a product's picture, the logo, the favicon. Every door (admin pages, admin
 * API) attaches through {@link #attach}, so the same checks hold everywhere; the storefront reads
 * what an owner shows and serves the stored sizes by their immutable names.
 */
public final class Images {

    public static final String LOGO = "store:logo";
    public static final String FAVICON = "store:favicon";
    /** The most bytes an upload may weigh. */
    public static final int MAX_UPLOAD_BYTES = ImageIntake.MAX_BYTES;

    /** {@code {hash}-{width}.{format}}, as {@link ShownImage#url} writes it. */
    private static final Pattern FILE = Pattern.compile("([0-9a-f]{32})-([1-9][0-9]{0,4})\\.(jpg|png)");

    private final Database database;
    private final Clock clock;

    public Images(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        database.prepareSqlObjects(ImageDao.class);
        // ImageIO otherwise buffers streams in temporary files (outside the data dir, left behind by a
        // crash); an upload is at most a few MB and already in memory.
        ImageIO.setUseCache(false);
    }

    public static String productOwner(long productId) {
        return "product:" + productId;
    }

    /** One stored file, found by its name. */
    public record StoredFile(String name, String contentType, byte[] bytes) {}

    /**
     * Checks, resizes and stores an upload as what {@code owner} shows, replacing what it showed
     * before. Refuses (and changes nothing) a file that is not a real image of an accepted kind, too
     * many bytes or too many pixels. The decoding runs before the transaction opens: it is slow, and
     * the single SQLite writer must not wait for it.
     */
    public ShownImage attach(String owner, ImagePurpose purpose, byte[] upload, String declaredType) {
        BufferedImage decoded = ImageIntake.decode(upload, declaredType);
        List<ImageVariants.Variant> variants = ImageVariants.encode(decoded, purpose.widthsFor(decoded.getWidth()));
        String hash = contentHash(upload);
        ImageVariants.Variant largest = variants.get(variants.size() - 1);
        ShownImage shown = new ShownImage(
                hash,
                largest.format(),
                variants.stream().map(ImageVariants.Variant::width).toList(),
                largest.width(),
                largest.height());
        long now = clock.millis();
        database.write(tx -> {
            ImageDao dao = tx.dao(ImageDao.class);
            for (ImageVariants.Variant v : variants) {
                dao.insertVariant(hash, v.width(), v.format(), v.height(), v.bytes(), now);
            }
            dao.upsertUse(owner, hash, shown.format(), shown.widthList(), shown.width(), shown.height(), now);
            dao.deleteUnusedVariants();
            return null;
        });
        return shown;
    }

    /** Stops showing an image for {@code owner}; false if it showed none. */
    public boolean detach(String owner) {
        return database.write(tx -> {
            ImageDao dao = tx.dao(ImageDao.class);
            int removed = dao.deleteUse(owner);
            if (removed > 0) {
                dao.deleteUnusedVariants();
            }
            return removed > 0;
        });
    }

    public Optional<ShownImage> shown(String owner) {
        return Optional.ofNullable(shown(List.of(owner)).get(owner));
    }

    /** What each of these owners shows; an owner without an image is absent from the map. */
    public Map<String, ShownImage> shown(Collection<String> owners) {
        List<ImageDao.Use> uses = database.read(tx -> tx.dao(ImageDao.class).uses(List.copyOf(owners)));
        return uses.stream().collect(Collectors.toMap(ImageDao.Use::owner, Images::shownOf, (a, b) -> a));
    }

    /** The file a {@code /images/} name stands for, if the name is well formed and stored. */
    public Optional<StoredFile> file(String name) {
        Matcher m = FILE.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String format = m.group(3);
        Optional<byte[]> bytes = database.read(
                tx -> tx.dao(ImageDao.class).variantBytes(m.group(1), Integer.parseInt(m.group(2)), format));
        return bytes.map(b -> new StoredFile(name, format.equals("png") ? "image/png" : "image/jpeg", b));
    }

    private static ShownImage shownOf(ImageDao.Use use) {
        List<Integer> widths =
                Arrays.stream(use.widths().split(",")).map(Integer::parseInt).toList();
        return new ShownImage(use.hash(), use.format(), widths, use.width(), use.height());
    }

    private static String contentHash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
