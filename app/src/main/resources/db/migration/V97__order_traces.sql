-- Where each order's trace began (the buyer's "Buy" request), written only while tracing is on, so
-- that the payment notification's span, on whichever node and however much later, links back to it.
CREATE TABLE order_traces (
    order_no    VARCHAR(32) PRIMARY KEY,
    traceparent VARCHAR(64) NOT NULL,
    created_at  BIGINT      NOT NULL
);
CREATE INDEX order_traces_created ON order_traces (created_at);
