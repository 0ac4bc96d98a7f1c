package org.assisted.imageservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** strconv.ParseInt(s, 0, 64) and strconv.ParseBool semantics. */
class GoValuesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "42, 42", "+7, 7", "-7, -7", "0x1F, 31", "0X1f, 31", "0o17, 15", "0O17, 15", "017, 15", "00, 0",
        "0b101, 5", "1_000, 1000", "0x_1F, 31", "0_7, 7", "-0x10, -16",
        "9223372036854775807, 9223372036854775807", "-9223372036854775808, -9223372036854775808",
    })
    void validIntegers(String text, long expected) {
        assertEquals(OptionalLong.of(expected), GoValues.parseInt(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "abc", "08", "0x", "0b2", "1__0", "_1", "1_", "0x_", "--1", "+-1", "1e3", "1.0",
        "9223372036854775808", "٣", "0x1G"})
    void invalidIntegers(String text) {
        assertEquals(OptionalLong.empty(), GoValues.parseInt(text));
    }

    @ParameterizedTest
    @CsvSource({"1, true", "t, true", "T, true", "TRUE, true", "true, true", "True, true",
        "0, false", "f, false", "F, false", "FALSE, false", "false, false", "False, false"})
    void booleans(String text, boolean expected) {
        assertEquals(expected, GoValues.parseBool(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "no", "tRUE", "on", " true"})
    void notBooleans(String text) {
        assertEquals(null, GoValues.parseBool(text));
    }
}
