package dev.spotshift.schemas.config;

import org.eclipse.microprofile.config.spi.Converter;

/** A count setting that must be above zero (a quota, a size); see {@link PositiveDuration} for why at start. */
public class PositiveInt implements Converter<Integer> {

    @Override
    public Integer convert(String value) {
        int n = parse(value);
        if (n <= 0) {
            throw new IllegalArgumentException("must be above zero, was " + n);
        }
        return n;
    }

    static int parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number: '" + value + "'");
        }
    }
}
