package dev.spotshift.schemas.config;

import org.eclipse.microprofile.config.spi.Converter;

/** A count where zero is meaningful (no retries, no re-judging); a negative one is a typo caught at start. */
public class NonNegativeInt implements Converter<Integer> {

    @Override
    public Integer convert(String value) {
        int n = PositiveInt.parse(value);
        if (n < 0) {
            throw new IllegalArgumentException("must be zero or more, was " + n);
        }
        return n;
    }
}
