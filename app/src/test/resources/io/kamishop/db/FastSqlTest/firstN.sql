SELECT k, v, note FROM facts <order> LIMIT :n
