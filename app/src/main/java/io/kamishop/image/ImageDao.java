package io.kamishop.image;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Stored image sizes and which owner shows which image. */
@UseClasspathSqlLocator
public interface ImageDao {

    /** A row of image_uses as read; widths is the comma-separated list. */
    record Use(String owner, String hash, String format, String widths, int width, int height) {}

    /** An upload already stored (the same bytes again) keeps its rows: the insert does nothing. */
    @SqlUpdate
    int insertVariant(
            @Bind("hash") String hash,
            @Bind("width") int width,
            @Bind("format") String format,
            @Bind("height") int height,
            @Bind("bytes") byte[] bytes,
            @Bind("now") long now);

    @SqlUpdate
    int upsertUse(
            @Bind("owner") String owner,
            @Bind("hash") String hash,
            @Bind("format") String format,
            @Bind("widths") String widths,
            @Bind("width") int width,
            @Bind("height") int height,
            @Bind("now") long now);

    @SqlUpdate
    int deleteUse(@Bind("owner") String owner);

    /** Sizes of images no owner shows any more (replaced or removed). */
    @SqlUpdate
    int deleteUnusedVariants();

    @SqlQuery
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Use.class)
    List<Use> uses(@BindList(value = "owners", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> owners);

    @SqlQuery
    Optional<byte[]> variantBytes(@Bind("hash") String hash, @Bind("width") int width, @Bind("format") String format);
}
