package io.kamishop.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.plugins.epay.FakeEpay;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Pay another way": a pending order moves to another channel with that channel's fee, through the API and
 * the order page alike; a payment through the channel left behind still settles it (never a lost payment);
 * an order that is not pending, a wrong token or a channel not on offer changes nothing.
 */
class SwitchChannelTest {

    MutableClock clock = MutableClock.now();
    FakeEpay epay = new FakeEpay(clock, 1);
    TestStore store;
    long product;

    @BeforeEach
    void start() {
        // The fake aggregator listens on 127.0.0.1, which the outbound guard refuses unless told otherwise.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close();
        product = store.createProduct("Switch game", 990, "CNY");
        store.importKeys(product, List.of("SW-1", "SW-2", "SW-3"));
        Http.Answer configured = store.http()
                .adminPutJson("/api/admin/plugins/payment-epay/config", epay.pluginConfig("mapi", "alipay"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        Http.Answer fees = store.http()
                .adminPutJson("/api/admin/settings", Map.of("channelFees", Map.of("epay-alipay", Map.of("fixed", 30))));
        assertThat(fees.status()).as(fees.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
        epay.close();
    }

    private Http.Answer switchTo(JsonNode order, String channel) {
        return store.http()
                .postJson(
                        "/api/orders/" + order.get("orderNo").asText() + "/channel?token="
                                + order.get("lookupToken").asText(),
                        Map.of("channel", channel));
    }

    private JsonNode read(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    @Test
    void aPendingOrderSwitchesToAnotherChannelWithThatChannelsFeeAndIsPaidThere() {
        JsonNode order = store.order(product, 1).json();
        String orderNo = order.get("orderNo").asText();
        assertThat(order.get("amount").asLong()).isEqualTo(990);

        Http.Answer switched = switchTo(order, "epay-alipay");

        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.json().get("channel").asText()).isEqualTo("epay-alipay");
        assertThat(switched.json().get("fee").asLong()).isEqualTo(30);
        assertThat(switched.json().get("amount").asLong()).isEqualTo(1020);
        assertThat(switched.json().get("status").asText()).isEqualTo("pending");
        assertThat(switched.json().at("/payment/redirectUrl").asText()).isNotEmpty();
        assertThat(epay.calls("/mapi.php"))
                .singleElement()
                .satisfies(c -> assertThat(c.params()).containsEntry("money", "10.20"));
        assertThat(store.stock(product).get("reserved").asInt())
                .as("the order keeps its keys held")
                .isEqualTo(1);

        epay.pay(orderNo);
        Http.Answer paid = store.http().get("/api/payments/epay/notify?" + FakeEpay.query(epay.notification(orderNo)));
        assertThat(paid.body()).isEqualTo("success");
        assertThat(read(order).get("status").asText()).isEqualTo("delivered");
        assertThat(read(order).get("keys")).hasSize(1);
    }

    @Test
    void aPaymentThroughTheChannelLeftBehindStillSettlesTheOrderForWhatThatChannelAsked() {
        JsonNode order = store.order(product, 1).json();
        String orderNo = order.get("orderNo").asText();
        assertThat(switchTo(order, "epay-alipay").status()).isEqualTo(200);

        // The sandbox was asked for 990; the new channel's amount is not what it was told.
        assertThat(store.notifySandbox(orderNo, 1020, "left-behind-wrong").status())
                .isBetween(400, 499);
        assertThat(read(order).get("status").asText()).isEqualTo("pending");

        Http.Answer late = store.notifySandbox(orderNo, 990, "left-behind");

        assertThat(late.status()).as(late.body()).isEqualTo(200);
        assertThat(read(order).get("status").asText()).isEqualTo("delivered");
        assertThat(store.stock(product).get("sold").asInt()).isEqualTo(1);
        JsonNode admin = store.http().adminGet("/api/admin/orders/" + orderNo).json();
        assertThat(admin.get("payments").findValuesAsText("channel")).containsExactly("sandbox");
    }

    @Test
    void onlyAPendingOrderSwitchesAndARefusedSwitchChangesNothing() {
        JsonNode order = store.order(product, 1).json();
        String orderNo = order.get("orderNo").asText();

        Http.Answer unknown = switchTo(order, "no-such-channel");
        Http.Answer wrongToken = store.http()
                .postJson("/api/orders/" + orderNo + "/channel?token=guess", Map.of("channel", "epay-alipay"));
        Http.Answer noBody = store.http()
                .postJson(
                        "/api/orders/" + orderNo + "/channel?token="
                                + order.get("lookupToken").asText(),
                        Map.of());

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorCode()).isEqualTo("channel_unavailable");
        assertThat(wrongToken.status()).isEqualTo(404);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(read(order).get("channel").asText()).isEqualTo("sandbox");
        assertThat(read(order).get("amount").asLong()).isEqualTo(990);

        assertThat(store.notifySandbox(orderNo, 990, "paid-first").status()).isEqualTo(200);
        Http.Answer tooLate = switchTo(order, "epay-alipay");

        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.errorCode()).isEqualTo("not_pending");
        assertThat(read(order).get("channel").asText()).isEqualTo("sandbox");
        assertThat(read(order).get("status").asText()).isEqualTo("delivered");
        assertThat(epay.calls("/mapi.php")).isEmpty();

        // The order page's form: the same refusal, the same status, the page drawn again with the message.
        Http.Answer page = store.http()
                .send(
                        HttpRequest.newBuilder(store.http()
                                        .uri("/orders/" + orderNo + "/channel?token="
                                                + order.get("lookupToken").asText()))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "text/html")
                                .header("Accept-Language", "zh-CN")
                                .POST(HttpRequest.BodyPublishers.ofString("channel=epay-alipay")),
                        false);
        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body())
                .contains("id=\"switch-errors\"")
                .contains("无法更换支付方式")
                .contains("已发货");
    }

    @Test
    void theOrderPageOffersTheOtherChannelsWithTheirTotalsAndItsFormSwitches() {
        JsonNode order = store.order(product, 1).json();
        String orderNo = order.get("orderNo").asText();
        String path =
                "/orders/" + orderNo + "?token=" + order.get("lookupToken").asText();

        String page = store.http().openOrder(path).body();
        assertThat(page)
                .contains("id=\"switch-channel\"")
                .contains("action=\"/orders/" + orderNo + "/channel\"")
                .contains("value=\"epay-alipay\"")
                .contains("CN¥10.20 in total")
                .doesNotContain("value=\"sandbox\"");

        Http.Answer switched = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/orders/" + orderNo + "/channel"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "text/html")
                                .header("Cookie", store.http().orderCookie(path))
                                .POST(HttpRequest.BodyPublishers.ofString("channel=epay-alipay")),
                        false);
        assertThat(switched.status()).as(switched.body()).isIn(200, 303);
        assertThat(read(order).get("channel").asText()).isEqualTo("epay-alipay");
        assertThat(read(order).get("amount").asLong()).isEqualTo(1020);
    }
}
