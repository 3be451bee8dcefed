package io.kamishop.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Sends one mail over SMTP with Angus Mail: multipart/alternative, plain text first, HTML second. */
final class SmtpTransport {

    /** Sends, or throws: the caller decides when to try again. */
    void send(SmtpSettings smtp, String recipient, RenderedMail mail) throws MessagingException {
        Properties props = new Properties();
        String protocol = smtp.securityMode().equals("ssl") ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", smtp.host());
        props.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
        // Bounded waits: a hung mail server must not hold the sender thread for ever.
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "20000");
        props.put("mail." + protocol + ".writetimeout", "20000");
        boolean auth = smtp.username() != null && !smtp.username().isBlank();
        props.put("mail." + protocol + ".auth", String.valueOf(auth));
        if (auth && smtp.securityMode().equals("none") && !smtp.allowPlaintextPassword()) {
            // Settings from the environment skip the admin's check: the password still never leaves in clear.
            throw new MessagingException("refusing to send the SMTP password over an unencrypted connection; "
                    + "use starttls or ssl, or set allowPlaintextPassword=true");
        }
        if (smtp.securityMode().equals("starttls")) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (!smtp.securityMode().equals("none")) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        try (Transport transport = session.getTransport(protocol)) {
            if (auth) {
                transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
            } else {
                transport.connect();
            }
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
