/**
 * The text form of schedules: reading it ({@link dev.anneal.Schedule#parse(String)} delegates to the
 * parser here), its errors ({@link dev.anneal.text.ScheduleParseException}) and how it writes values
 * ({@link dev.anneal.text.TextForm}), for anyone. {@code ScheduleParser} and {@code TextNames} are
 * public only for {@code dev.anneal}'s own use: internal, no compatibility promise.
 */
package dev.anneal.text;
