SELECT k, v, note FROM facts WHERE k = :k
