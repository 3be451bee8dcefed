package io.kamishop.mail;

/** A mail ready to send: subject, plain text and HTML alternatives of the same content. */
public record RenderedMail(String subject, String text, String html) {}
