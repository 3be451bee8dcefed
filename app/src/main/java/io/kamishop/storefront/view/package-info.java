/**
 * What templates see: plain records, already formatted for the buyer's language. Templates may read
 * the components of these records and nothing else (see {@code ViewModelAccess}), so a theme can
 * never reach a service, an entity or {@code getClass()}.
 *
 * <p>Null-checked by NullAway at compile time: parameters, returns and fields are never null unless marked
 * {@code @Nullable} (see CONTRIBUTING.md, "Null checks").
 */
@NullMarked
package io.kamishop.storefront.view;

import org.jspecify.annotations.NullMarked;
