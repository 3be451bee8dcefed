package io.kamishop.api;

import java.util.Map;

/** A small JSON reader and writer the host lends to plugins, so that a plugin need not bundle one. */
public interface JsonCodec {

    /** Parses a JSON object into maps, lists, strings, numbers ({@code Long}, {@code java.math.BigDecimal}), booleans and nulls. */
    Map<String, Object> parseObject(byte[] json);

    /** Writes maps, lists, records, strings, numbers and booleans as JSON. */
    String write(Object value);
}
