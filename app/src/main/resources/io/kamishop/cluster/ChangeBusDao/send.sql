-- A query, not an update: pg_notify returns void, which JDBC cannot map; selecting 1 around it can.
SELECT 1 FROM (SELECT pg_notify(:channel, :message)) AS sent
