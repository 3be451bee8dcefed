-- The arm an order was placed in (recorded by FlagExposures), for the stages after placement.
SELECT arm FROM flag_exposures WHERE order_id = :orderId AND flag_key = :key
