package io.kamishop.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.admin.AdminClient;
import io.kamishop.api.SettingDefinition;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every bundled plugin's settings form (and the example plugin's) reads in Chinese (docs/plugins.md,
 * "Settings in the merchant's language"): its name, description, and each setting's label, help and options come from the plugin's
 * {@code kamishop-i18n/zh-CN.properties}. A text shown in zh-CN exactly as in English fails, unless it
 * is a proper name or an address on {@link #SAME_IN_EVERY_LANGUAGE}.
 */
class PluginSettingsTranslationTest {

    /** Texts that are the same in Chinese: names of services and currencies, and protocol words. */
    static final Set<String> SAME_IN_EVERY_LANGUAGE = Set.of(
            "Stripe",
            "PayPal",
            "USDT",
            "EPay",
            "TRC20",
            "ERC20",
            "RSA",
            "RSA2",
            "Bark",
            "ServerChan",
            "WeCom",
            "DingTalk",
            "Feishu",
            "Lark",
            "Telegram",
            "SHA256",
            "MD5",
            "URL");

    private static final String PASSWORD = "translations password";

    @Test
    void everyBundledPluginsSettingsFormIsDrawnInChineseWithNothingLeftInEnglish() throws Exception {
        try (TestStore store = TestStore.start()) {
            PluginHost host = store.app().plugins();
            // The plugin to copy is not bundled but ships its translation like the others: installed here to be checked
            // too.
            assertThat(PluginLifecycleTest.upload(store, ExamplePluginTest.exampleJar())
                            .status())
                    .isEqualTo(201);
            AdminClient browser = signedIn(store);
            List<String> untranslated = new ArrayList<>();
            List<String> notOnThePage = new ArrayList<>();
            List<InstalledPlugin> plugins = host.list();
            assertThat(plugins)
                    .extracting(InstalledPlugin::id)
                    .contains(
                            "payment-alipay",
                            "payment-stripe",
                            "payment-usdt",
                            "risk-basic",
                            "keyformat-license",
                            "notify-telegram",
                            "notify-webhook",
                            "notify-feishu",
                            "example-payment");
            for (InstalledPlugin plugin : plugins) {
                String id = plugin.id();
                PluginTexts zh = host.texts(id, "zh-CN");
                String page =
                        browser.get("/admin/plugins/" + id + "?lang=zh-CN").body();
                check(
                        untranslated,
                        notOnThePage,
                        page,
                        id + " plugin.description",
                        plugin.description(),
                        zh.description(plugin.description()));
                assertThat(host.schema(id))
                        .as(id + " declares its settings (kept while disabled)")
                        .isNotNull();
                for (SettingDefinition d : host.schema(id)) {
                    String at = id + " setting." + d.key();
                    check(untranslated, notOnThePage, page, at + ".label", d.label(), zh.label(d));
                    check(untranslated, notOnThePage, page, at + ".help", d.help(), zh.help(d));
                    if (d.type() == SettingDefinition.Type.ENUM || d.type() == SettingDefinition.Type.MULTI_CHOICE) {
                        for (String option : d.options()) {
                            check(
                                    untranslated,
                                    notOnThePage,
                                    page,
                                    at + ".option." + option,
                                    option,
                                    zh.option(d, option));
                        }
                    }
                }
            }
            assertThat(untranslated)
                    .as("texts of bundled plugins' settings forms left in English in zh-CN "
                            + "(add them to the plugin's src/main/resources/kamishop-i18n/zh-CN.properties)")
                    .isEmpty();
            assertThat(notOnThePage)
                    .as("translations not shown on the zh-CN settings page")
                    .isEmpty();
        }
    }

    @Test
    void theSameFormInEnglishShowsTheDefinitionsOwnText() {
        try (TestStore store = TestStore.start()) {
            AdminClient browser = signedIn(store);
            SettingDefinition token =
                    store.app().plugins().schema("notify-telegram").get(0);

            String english =
                    browser.get("/admin/plugins/notify-telegram?lang=en").body();
            String chinese =
                    browser.get("/admin/plugins/notify-telegram?lang=zh-CN").body();

            assertThat(english).contains(html(token.label())).contains("value=\"order.paid\"");
            assertThat(chinese)
                    .contains(html(store.app()
                            .plugins()
                            .texts("notify-telegram", "zh-CN")
                            .label(token)))
                    .doesNotContain(">" + html(token.label()) + " *<");
        }
    }

    private static void check(
            List<String> untranslated,
            List<String> notOnThePage,
            String page,
            String where,
            String english,
            String shown) {
        if (english == null || english.isBlank()) {
            return;
        }
        if (!PluginTexts.translated(english, shown)
                && !SAME_IN_EVERY_LANGUAGE.contains(english.strip())
                && !english.strip().matches("https?://\\S+")) {
            untranslated.add(where + "=" + english);
        } else if (!page.contains(html(shown))) {
            notOnThePage.add(where + "=" + shown);
        }
    }

    static String html(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    static AdminClient signedIn(TestStore store) {
        store.http().adminPostJson("/api/admin/users", Map.of("username", "translator", "password", PASSWORD));
        AdminClient browser = new AdminClient(store.baseUrl());
        assertThat(browser.signIn("translator", PASSWORD).status()).isEqualTo(303);
        return browser;
    }
}
