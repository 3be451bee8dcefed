UPDATE reseller_orders
SET reversed = reversed + :taken, unrecovered = unrecovered + :unrecovered,
    status = CASE WHEN reversed + :taken >= markup THEN 'reversed' ELSE status END
WHERE order_id = :orderId AND reversed + :taken <= markup
