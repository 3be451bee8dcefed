package io.kamishop.image;

import java.util.ArrayList;
import java.util.List;

/**
 * What an image is for, and so the widths it is stored at: a browser picks one from the page's
 * {@code srcset} by its layout width and pixel density, so a phone never downloads the desktop size.
 */
public enum ImagePurpose {
    /** A product: card on a shelf (about 300 CSS pixels) up to the product page on a wide screen. */
    PRODUCT(320, 640, 1024),
    /** The store's logo in the header (about 40 CSS pixels high, so a few hundred wide at most). */
    LOGO(160, 320, 640),
    /** The browser tab icon (32) and the home-screen icon phones ask for (180). */
    FAVICON(32, 180);

    private final int[] widths;

    ImagePurpose(int... widths) {
        this.widths = widths;
    }

    /** The widths to store for an image this wide: never enlarged, the original width as the largest when it is smaller. */
    List<Integer> widthsFor(int originalWidth) {
        List<Integer> chosen = new ArrayList<>();
        for (int w : widths) {
            if (w < originalWidth) {
                chosen.add(w);
            }
        }
        int largest = Math.min(originalWidth, widths[widths.length - 1]);
        if (!chosen.contains(largest)) {
            chosen.add(largest);
        }
        return List.copyOf(chosen);
    }
}
