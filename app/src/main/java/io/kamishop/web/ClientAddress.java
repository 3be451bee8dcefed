package io.kamishop.web;

import io.javalin.http.Context;
import io.kamishop.config.Cidr;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is calling: the socket's peer, unless that peer is a trusted reverse proxy, in which case the
 * right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy. Anyone else's
 * forwarded headers are ignored, so a buyer cannot pick their own address to dodge rate limits.
 */
public final class ClientAddress {

    /** A host name or address as it may appear in a Host header; compiled once, it is checked on every request. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");

    private final List<Cidr> trustedProxies;
    /** The form field the active human-check widget fills (the vendor's, e.g. {@code cf-turnstile-response}); null: none. */
    private final java.util.function.Supplier<String> humanCheckField;

    /** {@code humanCheckField}: where the active human check's widget puts its token in a form; null from it: none active. */
    public ClientAddress(List<Cidr> trustedProxies, java.util.function.Supplier<String> humanCheckField) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.humanCheckField = humanCheckField;
    }

    /** The facts about whoever sent this request that use cases weigh (limits, risk rules). */
    public io.kamishop.domain.Requester requester(Context ctx) {
        String device = ctx.header(DEVICE_HEADER);
        String proof = ctx.header(PROOF_HEADER);
        boolean form = ctx.contentType() != null && ctx.contentType().startsWith("application/x-www-form-urlencoded");
        if (device == null && form) {
            device = ctx.formParam("deviceId");
        }
        if (proof == null && form) {
            proof = ctx.formParam(PROOF_FIELD);
        }
        String human = ctx.header(HUMAN_HEADER);
        String humanField = humanCheckField.get();
        if (human == null && form && humanField != null) {
            human = ctx.formParam(humanField);
        }
        return new io.kamishop.domain.Requester(
                ip(ctx), device, ctx.header("User-Agent"), ctx.header("Accept-Language"), proof, null, human);
    }

    /** A third party's human-check token, from API callers; storefront forms post it in the widget's own field. */
    public static final String HUMAN_HEADER = "X-Kamishop-Human";

    /** A device id a storefront script may keep for the browser and send along (see risk's DeviceHash). */
    public static final String DEVICE_HEADER = "X-Kamishop-Device";
    /** A solved proof-of-work challenge, from API callers (header) and storefront forms (field); see challenge/ProofOfWork. */
    public static final String PROOF_HEADER = "X-Kamishop-Proof";

    public static final String PROOF_FIELD = "proofOfWork";

    public String ip(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (Cidr.literal(hop) == null) {
                return peer; // garbage in the chain: trust nothing beyond our proxy
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    /** The scheme the buyer used: the proxy's {@code X-Forwarded-Proto} when the peer is trusted. */
    public String scheme(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        if (forwarded != null && isTrusted(ctx.req().getRemoteAddr())) {
            String proto = forwarded.split(",")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (proto.equals("https") || proto.equals("http")) {
                return proto;
            }
        }
        return ctx.scheme();
    }

    /** The host the buyer used: the proxy's {@code X-Forwarded-Host} when trusted, else {@code Host}. */
    public String host(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Host");
        if (forwarded != null
                && isTrusted(ctx.req().getRemoteAddr())
                && HOST_NAME.matcher(forwarded).matches()) {
            return forwarded;
        }
        String host = ctx.host();
        return host != null && HOST_NAME.matcher(host).matches() ? host : "localhost";
    }

    private boolean isTrusted(String address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
