package io.kamishop.crypto;

/**
 * The store's sub-keys, each derived from the master key for one purpose. Passed to the features
 * that need them; nobody else sees the master key. {@code licenceSigningKey} only opens the key of
 * the former built-in licence feature, for its hand-over to the keyformat-license plugin.
 * {@code tlsKeys} seals the ACME account key and the private keys of certificates the store got itself.
 * {@code botSecrets} seals the Telegram bot's token and webhook secret.
 * {@code archiveSegments} seals the order archive's cold segments.
 */
public record Keys(
        SecretBox cardKeys,
        KeyedHash cardKeyFingerprints,
        SecretBox pluginSecrets,
        KeyedHash tokens,
        KeyedHash auditChain,
        SecretBox mailSecrets,
        SecretBox licenceSigningKey,
        SecretBox tlsKeys,
        SecretBox botSecrets,
        SecretBox archiveSegments) {

    public static Keys from(MasterKey master) {
        return new Keys(
                new SecretBox(master.derive("card-key encryption v1")),
                new KeyedHash(master.derive("card-key fingerprint v1")),
                new SecretBox(master.derive("plugin secret encryption v1")),
                new KeyedHash(master.derive("token hash v1")),
                new KeyedHash(master.derive("audit chain v1")),
                new SecretBox(master.derive("mail secret encryption v1")),
                new SecretBox(master.derive("licence signing key encryption v1")),
                new SecretBox(master.derive("tls private key encryption v1")),
                new SecretBox(master.derive("chat bot secret encryption v1")),
                new SecretBox(master.derive("archive segment encryption v1")));
    }
}
