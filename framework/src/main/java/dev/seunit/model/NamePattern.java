package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

/**
 * Selects layers or parameters by name: a glob ({@code *} any run of characters, {@code ?}
 * one character), or a Java regular expression after the prefix {@code regex:}. A name
 * matches when the whole name matches.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class NamePattern {

    public static final NamePattern ANY = new NamePattern("*");

    private final String source;
    private final Pattern pattern;

    private NamePattern(String source) {
        this.source = source;
        this.pattern = compile(source);
    }

    public static NamePattern of(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a layer pattern must not be empty; use \"*\" to select every layer");
        }
        return "*".equals(source) ? ANY : new NamePattern(source);
    }

    private static Pattern compile(String source) {
        try {
            if (source.startsWith("regex:")) {
                return Pattern.compile(source.substring("regex:".length()));
            }
            StringBuilder regex = new StringBuilder();
            for (char c : source.toCharArray()) {
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("layer pattern '" + source + "' is not a valid regular expression: "
                    + e.getDescription() + "; fix the expression after 'regex:' or use a glob such as \"conv*\"", e);
        }
    }

    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    /**
     * The items whose name (or any of the names {@code names} gives) matches; none matching is
     * an error that lists what exists.
     */
    public <T> List<T> select(List<T> items, Function<T, List<String>> names, String what) {
        List<T> selected = items.stream()
                .filter(item -> names.apply(item).stream().anyMatch(this::matches))
                .collect(Collectors.toList());
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("layer pattern '" + source + "' matches no " + what + ". The "
                    + what + "s are: " + items.stream().map(i -> names.apply(i).get(0)).collect(Collectors.joining(", "))
                    + ". Use a glob (* and ?) or 'regex:' followed by a Java regular expression.");
        }
        return selected;
    }

    @Override
    public String toString() {
        return source;
    }
}
