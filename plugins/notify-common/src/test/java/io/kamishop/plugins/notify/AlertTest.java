package io.kamishop.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.Notifier.StoreNotice.Kind;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** The fields the store puts on an order notice (see Notifier.StoreNotice), with the store fields of API 1.2. */
    static Map<String, String> orderFields(String language) {
        Map<String, String> fields = new HashMap<>();
        fields.put(Notifier.NOTICE_ID, "ntc_1");
        fields.put("orderNo", "K20260101ABC");
        fields.put("productName", "Game Key");
        fields.put("quantity", "2");
        fields.put("amount", "1400");
        fields.put("currency", "CNY");
        fields.put("channel", "alipay");
        fields.put("email", "alice@example.com");
        fields.put("event", "paid");
        fields.put("language", language);
        fields.put("storeName", "Kami");
        fields.put("adminUrl", "https://shop.example/admin/orders/K20260101ABC");
        return fields;
    }

    static StoreNotice notice(Kind kind, Map<String, String> fields) {
        return new StoreNotice(kind, "subject from the store", "text from the store", fields, NOW);
    }

    @Test
    void anOrderAlertNamesTheOrderLinksItsAdminPageAndMasksTheBuyer() {
        Alert alert = Alert.of(notice(Kind.ORDER_PAID, orderFields("en")));

        assertThat(alert.title()).isEqualTo("[Kami] Order K20260101ABC paid");
        assertThat(alert.lines())
                .containsExactly(
                        "Product: 2 x Game Key",
                        "Amount: 14.00 CNY",
                        "Paid through: alipay",
                        "Buyer: a***@example.com");
        assertThat(alert.link()).isEqualTo("https://shop.example/admin/orders/K20260101ABC");
        assertThat(alert.linkIsAbsolute()).isTrue();
        assertThat(alert.plainText())
                .doesNotContain("alice@")
                .endsWith("Open in the admin: https://shop.example/admin/orders/K20260101ABC");
    }

    @Test
    void aStoreInChineseGetsItsAlertsInChinese() {
        Alert alert = Alert.of(notice(Kind.ORDER_HELD_FOR_REVIEW, orderFields("zh-CN")));

        assertThat(alert.title()).isEqualTo("[Kami] 订单 K20260101ABC 待审核");
        assertThat(alert.lines())
                .contains("商品：Game Key × 2", "金额：14.00 CNY", "买家：a***@example.com", "卡密已保留，请在后台通过或拒绝该订单。");
        assertThat(alert.linkLabel()).isEqualTo("在后台查看");
    }

    @Test
    void anAlertShowsOnlyTheFactsItNamesEachOnOneShortLine() {
        Map<String, String> fields = orderFields("en");
        fields.put("lookupToken", "tok_SECRET");
        fields.put("keys", "KEY-SECRET-1");
        fields.put("productName", "Game\nBuyer: someone@else.com " + "x".repeat(400));

        Alert alert = Alert.of(notice(Kind.ORDER_DELIVERED, fields));

        assertThat(alert.plainText())
                .doesNotContain("tok_SECRET")
                .doesNotContain("KEY-SECRET-1")
                .doesNotContain("\nBuyer: someone");
        assertThat(alert.lines().get(0))
                .startsWith("Product: 2 x Game Buyer: someone@else.com xxx")
                .hasSizeLessThan(230)
                .endsWith("…");
    }

    @Test
    void withoutThePublicUrlTheLinkIsTheAdminPath() {
        Map<String, String> fields = orderFields("en");
        fields.put("adminUrl", "/admin/orders/K20260101ABC");

        Alert alert = Alert.of(notice(Kind.ORDER_REFUNDED, fields));

        assertThat(alert.linkIsAbsolute()).isFalse();
        assertThat(alert.body()).endsWith("Open in the admin: /admin/orders/K20260101ABC");
        assertThat(alert.lines()).contains("The payment was given back to the buyer.");
    }

    @Test
    void eachKindOfferedHasItsPhrasesInBothLanguages() {
        Map<String, String> refused = new HashMap<>(Map.of(
                "channel",
                "alipay",
                "reason",
                "notification_rejected",
                "count",
                "3",
                "storeName",
                "Kami",
                "language",
                "zh-CN"));
        assertThat(Alert.of(notice(Kind.NOTIFICATIONS_REFUSED, refused)).lines())
                .containsExactly("渠道 alipay 有 3 条回调被拒绝：签名错误或无法解析", "如果来自您的支付网关，请检查其密钥和回调地址。");
        refused.put("language", "en");
        assertThat(Alert.of(notice(Kind.NOTIFICATIONS_REFUSED, refused)).lines().get(0))
                .isEqualTo("3 notification(s) to channel alipay refused: bad signature or unreadable");

        Map<String, String> low =
                Map.of("productId", "7", "productName", "Game Key", "available", "2", "language", "en");
        Alert lowStock = Alert.of(notice(Kind.LOW_STOCK, low));
        assertThat(lowStock.title()).isEqualTo("[Kamishop] Low stock: Game Key");
        assertThat(lowStock.lines()).containsExactly("Keys left: 2");

        Map<String, String> due = orderFields("en");
        due.put("event", "late_payment");
        assertThat(Alert.of(notice(Kind.REFUND_DUE, due)).lines())
                .contains("Why: paid after the order had expired or was cancelled");

        for (Kind kind : AlertEvents.BY_NAME.values()) {
            for (String language : new String[] {"en", "zh-CN"}) {
                assertThat(Alert.of(notice(kind, orderFields(language))).title())
                        .as(kind + " " + language)
                        .doesNotContain("subject from the store")
                        .doesNotContain("{");
            }
        }
    }

    @Test
    void aKindThisPluginDoesNotPhraseFallsBackToTheStoresOwnWords() {
        Alert alert = Alert.of(notice(Kind.ORDER_EXPIRED, orderFields("zh-CN")));

        assertThat(alert.title()).isEqualTo("subject from the store");
        assertThat(alert.lines()).containsExactly("text from the store");
    }

    @Test
    void anEmailIsMaskedToItsFirstLetterAndDomain() {
        assertThat(AlertTexts.maskEmail("alice@example.com")).isEqualTo("a***@example.com");
        assertThat(AlertTexts.maskEmail(" Bob.Smith+shop@mail.example.org ")).isEqualTo("B***@mail.example.org");
        assertThat(AlertTexts.maskEmail("张三@例子.中国")).isEqualTo("张***@例子.中国");
        assertThat(AlertTexts.maskEmail("@example.com")).isEqualTo("***");
        assertThat(AlertTexts.maskEmail("not-an-address")).isEqualTo("***");
    }
}
