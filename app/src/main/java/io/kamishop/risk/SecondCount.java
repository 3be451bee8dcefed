package io.kamishop.risk;

/** Orders placed within one second (epoch seconds), as read to seed a velocity counter. */
public record SecondCount(long second, long orders) {}
