package io.kamishop.admin;

import io.kamishop.mail.MailSettings;
import io.kamishop.plugin.InstalledPlugin;
import io.kamishop.plugin.PluginHost;
import java.util.ArrayList;
import java.util.List;

/**
 * What needs the merchant now, read fresh on every call: the admin API lists it and every admin page
 * shows it above its content, so a sandbox left on (anyone can "pay" and receive real keys) is never
 * out of sight.
 */
public final class StoreWarnings {

    /** One warning; {@code code} is stable (CONTRACT "Admin, v2"), {@code message} is English for the API. */
    public record Warning(String code, String message) {}

    static final String SANDBOX_PLUGIN = "payment-sandbox";

    private final PluginHost plugins;
    private final MailSettings mail;

    public StoreWarnings(PluginHost plugins, MailSettings mail) {
        this.plugins = plugins;
        this.mail = mail;
    }

    public List<Warning> current() {
        List<Warning> warnings = new ArrayList<>();
        List<InstalledPlugin> installed = plugins.list();
        if (installed.stream()
                .anyMatch(p -> p.id().equals(SANDBOX_PLUGIN) && p.state().equals("started"))) {
            warnings.add(
                    new Warning(
                            "sandbox_enabled",
                            "The sandbox payment channel is on: anyone can pay with it and receive real keys. Disable payment-sandbox unless you are testing."));
        }
        for (InstalledPlugin plugin : installed) {
            if (plugin.state().equals("failed")) {
                warnings.add(new Warning("plugin_failed", "The plugin " + plugin.id() + " failed: " + plugin.error()));
            }
        }
        if (!mail.current().configured()) {
            warnings.add(new Warning("mail_not_configured", "Mail is not configured: buyers receive no keys by mail."));
        }
        return warnings;
    }
}
