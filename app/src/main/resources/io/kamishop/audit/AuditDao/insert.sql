INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
VALUES (:seq, :at, :actor, :action, :subject, :detail, :prevHash, :hash)
