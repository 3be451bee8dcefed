/**
 * Null-checked by NullAway at compile time: parameters, returns and fields are never null unless marked
 * {@code @Nullable} (see CONTRIBUTING.md, "Null checks").
 */
@NullMarked
package io.kamishop;

import org.jspecify.annotations.NullMarked;
