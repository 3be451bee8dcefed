package io.kamishop.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.order.Order;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;

/**
 * Every row that belongs to one order, taken out of the hot tables as one JSON document: the order row, its
 * events, the card keys sold to it (still sealed: the document holds their ciphertext, never a key), what
 * was delivered, payments, refunds, mails, and the bookkeeping of other features about it. Binary columns
 * are written as base64 (Jackson's form for {@code byte[]}).
 *
 * <p>The list of tables is here, once: {@link #take} reads them and then deletes them, children first, so
 * on PostgreSQL the foreign keys to {@code orders} are satisfied at every step.
 */
final class OrderDocument {

    /** A table that belongs to an order: its name in the document, how to read its rows, how to delete them. */
    private record Part(String name, LongFunction<List<Map<String, Object>>> rows, ToIntFunction<Long> delete) {}

    private OrderDocument() {}

    private static List<Part> parts(ArchiveDao dao) {
        return List.of(
                new Part("events", dao::rowsEvents, dao::deleteEvents),
                new Part("keys", dao::rowsKeys, dao::deleteKeys),
                new Part("deliveries", dao::rowsDeliveries, dao::deleteDeliveries),
                new Part("refunds", dao::rowsRefunds, dao::deleteRefunds),
                new Part("notifications", dao::rowsNotifications, dao::deleteNotifications),
                new Part("paymentChecks", dao::rowsChecks, dao::deleteChecks),
                new Part("channelOffers", dao::rowsOffers, dao::deleteOffers),
                new Part("queryPasswords", dao::rowsPasswords, dao::deletePasswords),
                new Part("outbox", dao::rowsOutbox, dao::deleteOutbox),
                new Part("couponUses", dao::rowsCouponUses, dao::deleteCouponUses),
                new Part("flagExposures", dao::rowsFlagExposures, dao::deleteFlagExposures),
                new Part("affiliateCommissions", dao::rowsCommissions, dao::deleteCommissions),
                new Part("affiliateOrders", dao::rowsAffiliateOrders, dao::deleteAffiliateOrders),
                new Part("riskReviews", dao::rowsReviews, dao::deleteReviews),
                new Part("telegramOrders", dao::rowsTelegramOrders, dao::deleteTelegramOrders),
                new Part("unitHolds", dao::rowsUnitHolds, dao::deleteUnitHolds));
    }

    /** What was taken out for one order: the document, and the key fingerprints and look-up password that stay searchable. */
    record Taken(Order order, String json, List<Map<String, Object>> keys, List<Map<String, Object>> passwords) {}

    /**
     * Reads every row of the order and deletes them from the hot tables, inside the caller's transaction.
     * Throws if the order row was not there to delete (another node moved it first), which rolls the batch back.
     */
    static Taken take(ArchiveDao dao, ObjectMapper json, Order order) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", 1);
        document.put("order", dao.rowsOrder(order.id()));
        document.put("traces", dao.rowsTraces(order.orderNo()));
        List<Part> parts = parts(dao);
        for (Part part : parts) {
            document.put(part.name(), part.rows().apply(order.id()));
        }
        // Both parts were put by the loop above.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) Objects.requireNonNull(document.get("keys"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> passwords =
                (List<Map<String, Object>>) Objects.requireNonNull(document.get("queryPasswords"));
        String text;
        try {
            text = json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("archiving order " + order.orderNo() + " failed: " + e.getMessage(), e);
        }
        // How many rows each part held varies (none is fine); the order row's own delete below is the one that must
        // hit.
        int deletedRows = 0;
        for (Part part : parts) {
            deletedRows += part.delete().applyAsInt(order.id());
        }
        assert deletedRows >= 0;
        dao.deleteTraces(order.orderNo());
        if (dao.deleteOrder(order.id()) != 1) {
            throw new IllegalStateException("order " + order.orderNo() + " left the hot tables meanwhile");
        }
        return new Taken(order, text, keys, passwords);
    }

    /** The sealed texts an order's document holds: delivered texts (shared, manual kinds) and sold card keys. */
    record SealedItems(List<byte[]> delivered, List<SealedKey> keys) {}

    record SealedKey(long productId, byte[] sealed) {}

    static SealedItems sealedItems(ObjectMapper json, String document) {
        try {
            Map<?, ?> tree = json.readValue(document, Map.class);
            List<byte[]> delivered = new ArrayList<>();
            for (Object row : (List<?>) part(tree, "deliveries")) {
                Object sealed = ((Map<?, ?>) row).get("sealed");
                if (sealed != null) {
                    delivered.add(Base64.getDecoder().decode((String) sealed));
                }
            }
            List<SealedKey> keys = new ArrayList<>();
            for (Object row : (List<?>) part(tree, "keys")) {
                Map<?, ?> key = (Map<?, ?>) row;
                keys.add(new SealedKey(
                        ((Number) part(key, "product_id")).longValue(),
                        Base64.getDecoder().decode((String) part(key, "sealed"))));
            }
            return new SealedItems(delivered, keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an archived order's document does not read back: " + e.getMessage(), e);
        }
    }

    /** A part every document has since version 1 ({@link #take} writes them all), or a NOT NULL column of a row. */
    private static Object part(Map<?, ?> tree, String name) {
        return Objects.requireNonNull(tree.get(name), name);
    }
}
