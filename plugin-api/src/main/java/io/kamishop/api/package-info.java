/**
 * The Kamishop plugin API: everything a plugin may see of the host.
 *
 * <p>A plugin is a PF4J jar whose classes implement one or more extension points of this package
 * and are annotated with {@link org.pf4j.Extension}. The host creates one instance of each
 * extension, calls {@link io.kamishop.api.KamishopExtension#start(PluginContext)} once, and then
 * calls it from many threads at once, so extensions must be thread-safe.
 *
 * <p>Versioning: this module follows semantic versioning. {@link io.kamishop.api.ApiVersion#CURRENT}
 * is the version the running host offers; a plugin declares the range it needs in its manifest
 * ({@code Plugin-Requires: >=1.0.0 & <2.0.0}) and the host refuses a plugin whose range does not match.
 * Minor versions only add: new default methods, new record factory methods, new extension points.
 */
package io.kamishop.api;
