package io.kamishop.delivery;

import io.kamishop.crypto.SecretBox;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an order was delivered, sealed and opened: texts copied to an order are sealed bound to it (a ciphertext
 * copied to another order's row will not open), card keys are sealed per product by the inventory. Its own class so
 * the order archive opens what it kept by the same rule without depending on the delivery service (which asks the
 * archive for an archived order's keys). Never log what this opens.
 */
public final class SealedTexts {

    /** Statuses in which the buyer may read the keys they received. */
    private static final Set<OrderStatus> KEYS_VISIBLE = EnumSet.of(OrderStatus.DELIVERED, OrderStatus.REFUND_PENDING);

    private final SecretBox box;
    private final InventoryService inventory;

    public SealedTexts(SecretBox box, InventoryService inventory) {
        this.box = box;
        this.inventory = inventory;
    }

    /** Whether the buyer of an order in this state may read what it was delivered (delivered, refund pending). */
    public static boolean visible(Order order) {
        return KEYS_VISIBLE.contains(order.state());
    }

    byte[] seal(Order order, String text) {
        return box.seal(text.getBytes(StandardCharsets.UTF_8), associatedData(order));
    }

    String open(Order order, byte[] sealed) {
        return new String(box.open(sealed, associatedData(order)), StandardCharsets.UTF_8);
    }

    /**
     * The texts an archived order was delivered, opened from the sealed copies its archive document kept:
     * delivered texts bound to the order, else card keys sealed per product. Shown under the same rule as
     * {@link DeliveryService#visibleKeys}.
     */
    public List<String> openArchived(Order order, List<byte[]> delivered, List<Map.Entry<Long, byte[]>> soldKeys) {
        if (!visible(order)) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (byte[] sealed : delivered) {
            texts.add(open(order, sealed));
        }
        if (!texts.isEmpty()) {
            return texts;
        }
        for (Map.Entry<Long, byte[]> key : soldKeys) {
            texts.add(inventory.openSoldKey(key.getKey(), key.getValue()));
        }
        return texts;
    }

    private static String associatedData(Order order) {
        return "delivery:" + order.id();
    }
}
