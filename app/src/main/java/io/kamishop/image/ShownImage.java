package io.kamishop.image;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The image an owner shows: its stored widths and the largest one's pixel size.
 *
 * @param hash   the upload's content hash; with a width and the format it names one immutable file
 * @param format {@code jpg} or {@code png}
 * @param widths the stored widths, smallest first
 * @param width  the largest stored width
 * @param height the largest stored height
 */
public record ShownImage(String hash, String format, List<Integer> widths, int width, int height) {

    public ShownImage {
        widths = List.copyOf(widths);
    }

    public String url(int w) {
        return "/images/" + hash + "-" + w + "." + format;
    }

    /** The smallest stored width at least {@code wanted} wide (the largest when none is). */
    public String urlFor(int wanted) {
        return url(widths.stream().filter(w -> w >= wanted).findFirst().orElse(width));
    }

    /** {@code srcset} with width descriptors, e.g. {@code /images/ab-320.jpg 320w, /images/ab-640.jpg 640w}. */
    public String srcset() {
        return widths.stream().map(w -> url(w) + " " + w + "w").collect(Collectors.joining(", "));
    }

    String widthList() {
        return widths.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
