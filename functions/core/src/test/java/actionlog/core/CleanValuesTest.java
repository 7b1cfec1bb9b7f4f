package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CleanValuesTest {
    private final CleanValues clean = new CleanValues();

    @Test
    void shouldKnowAValue_onlyUnderTheRuleItWasStoredUnchangedWith() {
        String agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assertFalse(clean.contains(7, agent));
        clean.add(7, agent);
        assertTrue(clean.contains(7, new String(agent)));
        assertFalse(clean.contains(8, agent));
        assertFalse(clean.contains(7, agent + " "));
    }

    @Test
    void shouldCompareTheWholeValue_whenTwoValuesShareTheirSlot() {
        // the slot is chosen from the length and four characters (at n/2, n-1, n/4, n-1-n/4): these differ elsewhere
        String first = "a".repeat(40);
        String second = "b" + "a".repeat(39);
        clean.add(3, first);
        assertFalse(clean.contains(3, second));
        clean.add(3, second); // replaces the first at the shared slot
        assertTrue(clean.contains(3, second));
        assertFalse(clean.contains(3, first));
    }

    @Test
    void shouldNotKeepValuesLongerThanTheBound_norShortOnes() {
        String longest = "x".repeat(CleanValues.MAX_LENGTH);
        String tooLong = "x".repeat(CleanValues.MAX_LENGTH + 1);
        clean.add(1, longest);
        clean.add(1, tooLong);
        String shortest = "y".repeat(CleanValues.MIN_LENGTH);
        String tooShort = "y".repeat(CleanValues.MIN_LENGTH - 1);
        clean.add(1, shortest);
        clean.add(1, tooShort);
        assertTrue(clean.contains(1, longest));
        assertFalse(clean.contains(1, tooLong));
        assertTrue(clean.contains(1, shortest));
        assertFalse(clean.contains(1, tooShort));
    }
}
