package org.assisted.imageservice.api.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "A.b_C-9", "0123456789012345678901234567890123456789012345678901234567890123"})
    void shortTokenFromTheClientIsKept(String id) {
        assertEquals(id, RequestIdFilter.chooseId(id));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "has space", "new\nline", "quote\"", "01234567890123456789012345678901234567890123456789012345678901234"})
    void anythingElseIsReplacedByARandomHexId(String id) {
        String chosen = RequestIdFilter.chooseId(id);
        assertNotEquals(id, chosen);
        assertTrue(chosen.matches("[0-9a-f]{16}"), chosen);
    }
}
