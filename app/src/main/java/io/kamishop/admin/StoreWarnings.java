package io.kamishop.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.kamishop.mail.MailSettings;
import io.kamishop.plugin.InstalledPlugin;
import io.kamishop.plugin.PluginHost;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What needs the merchant now, read fresh on every call: the admin API lists it and every admin page
 * shows it above its content, so a sandbox left on (anyone can "pay" and receive real keys) is never
 * out of sight.
 */
public final class StoreWarnings {

    /**
     * One warning; {@code code} is stable (CONTRACT "Admin, v2"), {@code message} is English for the API.
     * {@code plugin} is the plugin the warning is about, for the admin page's link to it; not in the API's answer.
     */
    public record Warning(
            String code,
            String message,
            @JsonIgnore @Nullable String plugin) {
        public Warning(String code, String message) {
            this(code, message, null);
        }
    }

    private final PluginHost plugins;
    private final MailSettings mail;

    public StoreWarnings(PluginHost plugins, MailSettings mail) {
        this.plugins = plugins;
        this.mail = mail;
    }

    public List<Warning> current() {
        List<Warning> warnings = new ArrayList<>();
        List<InstalledPlugin> installed = plugins.list();
        // A plugin declares itself for trying the store out only (manifest Plugin-Test-Only: true), as the
        // bundled sandbox channel does; the code and text are the contract's, named after that channel.
        for (String testOnly : plugins.startedTestOnly()) {
            warnings.add(new Warning(
                    "sandbox_enabled",
                    "The sandbox payment channel is on: anyone can pay with it and receive real keys. Disable "
                            + testOnly + " unless you are testing.",
                    testOnly));
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
