package dev.seunit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the code in the guide ({@code src/docs/*.md}) and the README identical to the compiled,
 * tested sources it is cut from.
 *
 * <p>A snippet in Markdown is a fenced block right after a marker naming a file (relative to the
 * repository root) and a tag:
 *
 * <pre>
 * &lt;!-- snippet: src/docs/java/dev/seunit/docs/MyNetworkTest.java#readme --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * <p>The tagged region is the lines between {@code tag::readme[]} and {@code end::readme[]} (in a
 * {@code //}, {@code <!-- -->} or {@code #} comment), without lines holding other tag markers,
 * with their common indentation removed. Every {@code java} and {@code xml} block of the guide
 * must have a marker. To rewrite the Markdown from the sources after changing them:
 * {@value #UPDATE_COMMAND}.
 */
class SnippetsTest {

    static final String UPDATE_COMMAND = "mvn -B -o -pl src -am test -Dtest=SnippetsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip -Dseunit.docs.update=true";

    private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*(\\S+)#(\\S+)\\s*-->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final List<String> CHECKED_LANGUAGES = List.of("java", "xml");

    static final Path ROOT = Path.of(System.getProperty("seunit.docs.root", "..")).toAbsolutePath().normalize();
    private static final boolean UPDATE = Boolean.getBoolean("seunit.docs.update");

    /** One marked block in a Markdown file. */
    record Snippet(Path markdown, int ordinal, int markerLine, String source, String tag, int fenceStart, int fenceEnd) {
        String where() {
            return ROOT.relativize(markdown) + ":" + (markerLine + 1);
        }
    }

    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> guide = Files.list(ROOT.resolve("src/docs"))) {
            guide.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    static List<Snippet> snippets(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            int start = i + 1;
            while (start < lines.size() && lines.get(start).isBlank()) {
                start++;
            }
            if (start >= lines.size() || !FENCE.matcher(lines.get(start)).matches()) {
                fail(ROOT.relativize(markdown) + ":" + (i + 1) + ": the snippet marker must be followed by a fenced "
                        + "code block (```java ... ```)");
            }
            int end = start + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (end >= lines.size()) {
                fail(ROOT.relativize(markdown) + ":" + (start + 1) + ": the code block is not closed with ```");
            }
            snippets.add(new Snippet(markdown, snippets.size(), i, m.group(1), m.group(2), start, end));
        }
        return snippets;
    }

    /** The lines of the region tagged {@code tag} in {@code file}, dedented. */
    static List<String> region(Path file, String tag) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("the snippet source " + ROOT.relativize(file) + " does not exist");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String start = "tag::" + tag + "[]";
        String end = "end::" + tag + "[]";
        List<String> region = null;
        for (String line : lines) {
            if (region == null) {
                if (line.contains(start)) {
                    region = new ArrayList<>();
                }
            } else if (line.contains(end)) {
                return dedent(region);
            } else if (!line.contains("tag::") && !line.contains("end::")) {
                region.add(line.stripTrailing());
            }
        }
        throw new AssertionError(ROOT.relativize(file) + " has no region " + (region == null ? start : "closed by " + end));
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.toList());
    }

    static List<String> block(Snippet snippet) throws IOException {
        List<String> lines = Files.readAllLines(snippet.markdown(), StandardCharsets.UTF_8);
        return lines.subList(snippet.fenceStart() + 1, snippet.fenceEnd()).stream().map(String::stripTrailing)
                .collect(Collectors.toList());
    }

    @TestFactory
    Stream<DynamicTest> everySnippetIsItsTaggedRegion() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path markdown : markdownFiles()) {
            for (Snippet snippet : snippets(markdown)) {
                tests.add(DynamicTest.dynamicTest(snippet.where() + " " + snippet.source() + "#" + snippet.tag(),
                        () -> check(snippet)));
            }
        }
        assertThat(tests).as("snippet markers in README.md and src/docs/*.md").isNotEmpty();
        return tests.stream();
    }

    private static void check(Snippet snippet) throws IOException {
        List<String> expected = region(ROOT.resolve(snippet.source()), snippet.tag());
        assertThat(expected).as("region %s#%s", snippet.source(), snippet.tag()).isNotEmpty();
        List<String> actual = block(snippet);
        if (actual.equals(expected)) {
            return;
        }
        if (UPDATE) {
            rewrite(snippet, expected);
            return;
        }
        fail(String.format(Locale.ROOT, "%s: the code block differs from the region '%s' of %s (first difference at "
                + "line %d of the block).%nThe region (what the block must hold):%n%s%n%nThe block:%n%s%n%nFix: edit "
                + "the source (it is compiled and tested) and copy the region into the Markdown, or rewrite every "
                + "block from its source with:%n  %s", snippet.where(), snippet.tag(), snippet.source(),
                firstDifference(expected, actual) + 1, String.join("\n", expected), String.join("\n", actual),
                UPDATE_COMMAND));
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    /** Replaces the block of {@code snippet} with {@code region} (update mode). */
    private static synchronized void rewrite(Snippet snippet, List<String> region) throws IOException {
        // re-read: an earlier rewrite of the same file may have moved the block; the n-th marker stays the n-th
        for (Snippet current : snippets(snippet.markdown())) {
            if (current.ordinal() == snippet.ordinal()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(snippet.markdown(), StandardCharsets.UTF_8));
                List<String> updated = new ArrayList<>(lines.subList(0, current.fenceStart() + 1));
                updated.addAll(region);
                updated.addAll(lines.subList(current.fenceEnd(), lines.size()));
                Files.write(snippet.markdown(), updated, StandardCharsets.UTF_8);
                System.out.println("rewrote " + current.where() + " from " + snippet.source() + "#" + snippet.tag());
                return;
            }
        }
    }

    @Test
    void everyJavaAndXmlBlockOfTheGuideIsCutFromASource() throws IOException {
        List<String> unmarked = new ArrayList<>();
        try (Stream<Path> guide = Files.list(ROOT.resolve("src/docs"))) {
            for (Path markdown : guide.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
                boolean inBlock = false;
                for (int i = 0; i < lines.size(); i++) {
                    Matcher fence = FENCE.matcher(lines.get(i));
                    if (!lines.get(i).startsWith("```")) {
                        continue;
                    }
                    if (inBlock) {
                        inBlock = false;
                        continue;
                    }
                    inBlock = true;
                    if (fence.matches() && CHECKED_LANGUAGES.contains(fence.group(1)) && !markedAbove(lines, i)) {
                        unmarked.add(ROOT.relativize(markdown) + ":" + (i + 1));
                    }
                }
            }
        }
        assertThat(unmarked).as("```java and ```xml blocks without a <!-- snippet: path#tag --> marker above them: "
                + "put the code in a compiled source under src/docs/java (or a tested project file), tag it "
                + "(// tag::name[] ... // end::name[]) and mark the block").isEmpty();
    }

    private static boolean markedAbove(List<String> lines, int fence) {
        int i = fence - 1;
        while (i >= 0 && lines.get(i).isBlank()) {
            i--;
        }
        return i >= 0 && MARKER.matcher(lines.get(i).trim()).matches();
    }

    @Test
    void aRegionIsTheTaggedLinesWithoutOtherMarkersDedented() throws IOException {
        Path file = Files.createTempFile("snippet", ".java");
        try {
            Files.write(file, List.of("class A {", "    // tag::outer[]", "    void m() {", "        // tag::inner[]",
                    "        int x = 1;", "        // end::inner[]", "    }", "    // end::outer[]", "}"));
            assertThat(region(file, "outer")).containsExactly("void m() {", "    int x = 1;", "}");
            assertThat(region(file, "inner")).containsExactly("int x = 1;");
        } finally {
            Files.delete(file);
        }
    }
}
