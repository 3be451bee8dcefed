package io.kamishop.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data dir holds the master key, the database (with its journal and WAL), backups and logs:
 * nobody but the account the store runs as may read them. New files are created owner-only, and a
 * data dir made by an older version (or copied in with a loose umask) is tightened on every start.
 * On a file system without POSIX permissions this does nothing, and says so once.
 */
public final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {}

    /** Creates the folder (and its parents) if missing and makes it owner-only. */
    public static Path folder(Path folder) {
        try {
            Files.createDirectories(folder);
            restrict(folder, FOLDER);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /**
     * Creates an empty owner-only file if none is there, so that whatever writes into it next (SQLite
     * copies the database file's mode onto its journal and WAL) starts from owner-only.
     */
    public static void emptyFileIfMissing(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file);
            }
            restrict(file, FILE);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            restrict(file, FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Makes a file owner-only (a missing file is left alone). */
    public static void file(Path file) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            restrict(file, FILE);
        }
    }

    /**
     * Makes the data dir and everything in it owner-only. Symbolic links are not followed: a link
     * the operator placed (a themes folder on another disk) keeps the permissions of what it points at.
     */
    public static void tighten(Path dataDir) {
        folder(dataDir);
        try {
            Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    restrict(dir, FOLDER);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        restrict(file, FILE);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not make everything in {} owner-only: {}", dataDir, e.toString());
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> wanted) {
        if (Files.isSymbolicLink(path)) {
            return; // chmod would change what the link points at
        }
        try {
            if (!Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    .equals(wanted)) {
                Files.setPosixFilePermissions(path, wanted);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs are the operator's business.
        } catch (IOException e) {
            LOG.warn("could not make {} owner-only: {}", path, e.toString());
        }
    }
}
