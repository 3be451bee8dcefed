/**
 * What templates see: plain records, already formatted for the buyer's language. Templates may read
 * the components of these records and nothing else (see {@code ViewModelAccess}), so a theme can
 * never reach a service, an entity or {@code getClass()}.
 */
package io.kamishop.storefront.view;
