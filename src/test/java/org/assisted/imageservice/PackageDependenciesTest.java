package org.assisted.imageservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds every main package to the "May import:" line of its {@code package-info.java}: a source file may import
 * only the packages of ours that the line names as {@code {@code name}} ("everything" allows all). The package docs
 * are the rule, so they cannot drift from the code (docs/design.md#packages).
 */
class PackageDependenciesTest {

    private static final String BASE = "org.assisted.imageservice";
    private static final Path SOURCES = Path.of("src/main/java/org/assisted/imageservice");
    private static final Pattern MAY_IMPORT = Pattern.compile("May import:(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code ([a-z.]+)}");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?" + Pattern.quote(BASE) + "\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

    /** Package → the packages of ours its "May import:" line names ("*" for everything). */
    private static final Map<String, Set<String>> allowed = new TreeMap<>();
    /** Source file (relative) → the packages of ours it imports, its own excluded. */
    private static final Map<String, Set<String>> importsByFile = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path info : sources) {
            if (info.getFileName().toString().equals("package-info.java")) {
                Matcher line = MAY_IMPORT.matcher(Files.readString(info));
                assertTrue(line.find(), info + " has no \"May import:\" line");
                Set<String> names = new TreeSet<>();
                if (line.group(1).contains("everything")) {
                    names.add("*");
                }
                Matcher code = CODE.matcher(line.group(1));
                while (code.find()) {
                    names.add(code.group(1));
                }
                allowed.put(packageOf(info), names);
            }
        }
        for (Path source : sources) {
            Set<String> imported = new TreeSet<>();
            Matcher matcher = IMPORT.matcher(Files.readString(source));
            while (matcher.find()) {
                imported.add(matcher.group(1));
            }
            imported.remove(packageOf(source));
            importsByFile.put(SOURCES.relativize(source).toString(), imported);
        }
    }

    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Set<String>> file : importsByFile.entrySet()) {
            String pkg = packageOf(SOURCES.resolve(file.getKey()));
            Set<String> mayImport = allowed.get(pkg);
            if (mayImport == null) {
                violations.add(pkg + " has no package-info.java");
                continue;
            }
            for (String target : file.getValue()) {
                if (!mayImport.contains("*") && !mayImport.contains(target)) {
                    violations.add(file.getKey() + " imports " + target);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /**
     * Below the HTTP layer the packages form no cycle. {@code api} and its subpackages are one layer whose parts
     * use each other (the application registers them all; all of them share the route table and the request id).
     */
    @Test
    void noPackageOutsideTheHttpLayerReachesItself() {
        Map<String, Set<String>> graph = new TreeMap<>();
        importsByFile.forEach((file, imported) -> graph
                .computeIfAbsent(packageOf(SOURCES.resolve(file)), k -> new TreeSet<>()).addAll(imported));
        List<String> cyclic = new ArrayList<>();
        for (String pkg : graph.keySet()) {
            if (!pkg.equals("api") && !pkg.startsWith("api.") && reachable(graph, pkg).contains(pkg)) {
                cyclic.add(pkg);
            }
        }
        assertEquals(List.of(), cyclic);
    }

    @Test
    void theRulesNameOnlyPackagesThatExist() {
        assertFalse(allowed.isEmpty());
        for (Map.Entry<String, Set<String>> rule : allowed.entrySet()) {
            for (String name : rule.getValue()) {
                assertTrue(name.equals("*") || allowed.containsKey(name), rule.getKey() + " names " + name);
            }
        }
    }

    private static Set<String> reachable(Map<String, Set<String>> graph, String from) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(graph.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(graph.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    private static String packageOf(Path source) {
        return SOURCES.relativize(source.getParent()).toString().replace('/', '.');
    }
}
