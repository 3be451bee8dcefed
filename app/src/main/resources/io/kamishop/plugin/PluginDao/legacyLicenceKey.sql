SELECT public_key, sealed_private FROM licence_signing_keys WHERE name = 'licence-ed25519'
