-- Only a row still warm goes cold: a restore or a second sweeper that got there first wins, and the count says so.
UPDATE archived_orders SET tier = 'cold', document = NULL, segment = :segment WHERE id = :id AND tier = 'warm'
