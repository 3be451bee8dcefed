package io.kamishop.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Files that a public route may hand out: a regular file strictly below its root, reached without
 * following a single symbolic link. A lexical check ({@code normalize().startsWith(root)}) is not
 * enough: a link inside the root (a theme's {@code assets/logo.png -> /data/master.key}, or a whole
 * theme folder linked elsewhere) passes it and then leads out. So every component from the root down
 * is looked at without following links, and the real path must still lie under the real root.
 */
public final class ContainedFiles {

    private ContainedFiles() {}

    /**
     * The file at {@code relative} under {@code root} if it is a regular file inside the root and
     * neither the root nor any folder or file on the way is a symbolic link; empty otherwise.
     */
    public static Optional<Path> regularFile(Path root, @Nullable String relative) {
        if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path base = root.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        if (!file.startsWith(base) || file.equals(base) || !isPlainFolder(base)) {
            return Optional.empty();
        }
        Path walked = base;
        for (Path part : base.relativize(file)) {
            walked = walked.resolve(part);
            if (Files.isSymbolicLink(walked)) {
                return Optional.empty();
            }
        }
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            // A hard link has no tell-tale on the way; real paths still catch a bind mount or a raced swap.
            if (!attributes.isRegularFile() || !file.toRealPath().startsWith(base.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** A folder that is itself a folder, not a symbolic link to one. */
    public static boolean isPlainFolder(Path folder) {
        return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS);
    }
}
