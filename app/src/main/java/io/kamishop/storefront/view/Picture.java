package io.kamishop.storefront.view;

/**
 * An image as a page shows it: the browser picks a size from {@code srcset} by the layout width the
 * page's {@code sizes} gives; {@code width} and {@code height} (of the largest size) reserve its box
 * before it loads, so nothing moves when it arrives.
 *
 * @param src    the fallback size's URL
 * @param srcset every stored size with its width, e.g. {@code /images/ab-320.jpg 320w, /images/ab-640.jpg 640w}
 * @param alt    the text that stands for it (the product's name)
 * @param lazy   below the fold on a phone: {@code loading="lazy"}, fetched only when scrolled near
 */
public record Picture(String src, String srcset, int width, int height, String alt, boolean lazy) {}
