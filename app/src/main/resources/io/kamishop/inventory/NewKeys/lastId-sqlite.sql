-- SQLite only (sqlite_sequence). The highest card-key id ever handed out: AUTOINCREMENT never reuses
-- one, not even a deleted row's, so the larger of the highest id stored and the table's
-- sqlite_sequence entry. Run under the write lock, so the ids after it are this transaction's.
SELECT MAX(last) FROM (
    SELECT COALESCE(MAX(id), 0) AS last FROM card_keys
    UNION ALL
    SELECT seq FROM sqlite_sequence WHERE name = 'card_keys'
) AS candidates
