-- Until now a `--demo` start wrote "sandbox enabled" into plugin_state, and every later start
-- without the flag inherited it: a buyer could press the sandbox's Pay button and receive real keys.
-- A stored "enabled" for the sandbox cannot tell the demo's write from the merchant's own choice, so
-- it is forgotten and the sandbox is off by default again; a merchant who wants it switches it on in
-- the admin (which then warns on every page). `--demo` now enables it for that run only.
DELETE FROM plugin_state WHERE plugin_id = 'payment-sandbox';
