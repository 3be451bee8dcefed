package io.kamishop.plugin;

import io.kamishop.api.JsonCodec;
import io.kamishop.api.KeyValueStore;
import io.kamishop.api.Metrics;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PluginContext;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.Scheduler;
import io.kamishop.api.StoreUrls;
import java.time.Clock;

/** What the host lends one plugin. */
record HostPluginContext(
        String pluginId,
        PluginSettings settings,
        StoreUrls storeUrls,
        Clock clock,
        System.Logger logger,
        JsonCodec json,
        NotificationSubmitter notifications,
        KeyValueStore store,
        Metrics metrics,
        Scheduler scheduler,
        OutboundHttp http)
        implements PluginContext {}
