package io.kamishop.flags;

import java.util.Locale;

/** The two sides of a flag: buyers who get the flagged thing, and those who do not. */
public enum Arm {
    ON,
    OFF;

    /** The wire and database spelling. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
