package io.kamishop.mail;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where mails go out. {@code security} is {@code starttls} (required, the default), {@code ssl}
 * (SMTPS, usually port 465) or {@code none} (a relay on the same host or a test server).
 */
public record SmtpSettings(
        @Nullable String host,
        int port,
        @Nullable String username,
        @Nullable String password,
        @Nullable String from,
        @Nullable String security,
        boolean allowPlaintextPassword) {

    public boolean configured() {
        return host != null && !host.isBlank() && from != null && !from.isBlank();
    }

    String securityMode() {
        return security == null ? "starttls" : security.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", user=" + username + ", password=****, from=" + from + ", "
                + securityMode() + "]";
    }
}
