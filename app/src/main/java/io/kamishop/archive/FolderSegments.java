package io.kamishop.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Cold segments as files in a folder (by default {@code archive/} in the data dir). A segment is written to
 * a temporary file, forced to disk and then renamed, so a crash never leaves a half segment under its name.
 */
public final class FolderSegments implements SegmentStore {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,100}");

    private final Path folder;

    public FolderSegments(Path folder) {
        this.folder = folder;
    }

    @Override
    public String kind() {
        return "folder";
    }

    @Override
    public void put(String name, byte[] bytes) {
        Path target = file(name);
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(name + ".part");
            Files.write(temporary, bytes);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing archive segment " + name + " failed", e);
        }
    }

    @Override
    public byte[] get(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("reading archive segment " + name + " failed", e);
        }
    }

    private Path file(String name) {
        // Names are made by the archive, never by a request; the check keeps a bug from writing outside the folder.
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a segment name: " + name);
        }
        return folder.resolve(name + ".seg");
    }
}
