package org.assisted.imageservice.iso.write;

import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ISO 9660 identifiers for Rock Ridge names, as xorriso's default (interchange level 1) derives them: upper-cased
 * d-characters ({@code A-Z 0-9 _}, anything else becomes {@code _}), files {@code NAME.EXT;1} with an 8-character
 * name and 3-character extension taken from the last dot, directories 8 characters (ECMA-119 §7.5, §7.6).
 * 8.3 names are what coreos-installer looks up ({@code COREOS/IGNINFO.JSO}). Clashes inside a directory are
 * resolved in Rock Ridge name order by replacing the end of the name part with a decimal counter.
 */
final class IsoWriterNames {

    static final int NAME_CHARS = 8;
    static final int EXTENSION_CHARS = 3;
    static final String VERSION_SUFFIX = ";1";

    /** Directory record order (ECMA-119 §9.3): name, then extension, each padded with spaces; version descending. */
    static final Comparator<String> RECORD_ORDER = IsoWriterNames::compareIdentifiers;

    private IsoWriterNames() {
    }

    /** Unique identifiers for the children of one directory. */
    static Map<IsoTreeNode, String> assign(Iterable<IsoTreeNode> children) {
        Map<IsoTreeNode, String> identifiers = new IdentityHashMap<>();
        Set<String> used = new HashSet<>();
        for (IsoTreeNode child : children) {
            String[] parts = split(child);
            String identifier = identifier(parts[0], parts[1], child.isDirectory());
            for (int counter = 1; !used.add(identifier); counter++) {
                String digits = Integer.toString(counter);
                String name = parts[0].substring(0, Math.min(parts[0].length(), NAME_CHARS - digits.length()));
                identifier = identifier(name + digits, parts[1], child.isDirectory());
            }
            identifiers.put(child, identifier);
        }
        return identifiers;
    }

    private static String[] split(IsoTreeNode node) {
        String name = node.name();
        int dot = name.lastIndexOf('.');
        if (node.isDirectory() || dot <= 0) {
            return new String[] {dCharacters(name, NAME_CHARS), ""};
        }
        return new String[] {dCharacters(name.substring(0, dot), NAME_CHARS),
            dCharacters(name.substring(dot + 1), EXTENSION_CHARS)};
    }

    private static String identifier(String name, String extension, boolean directory) {
        String safeName = name.isEmpty() ? "_" : name;
        return directory ? safeName : safeName + "." + extension + VERSION_SUFFIX;
    }

    static String dCharacters(String text, int maxChars) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < text.length() && result.length() < maxChars; i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                result.append((char) (c - 'a' + 'A'));
            } else if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                result.append(c);
            } else {
                result.append('_');
            }
        }
        return result.toString();
    }

    private static int compareIdentifiers(String left, String right) {
        String[] a = parts(left);
        String[] b = parts(right);
        int result = comparePadded(a[0], b[0]);
        if (result == 0) {
            result = comparePadded(a[1], b[1]);
        }
        return result != 0 ? result : b[2].compareTo(a[2]);
    }

    private static String[] parts(String identifier) {
        int semicolon = identifier.indexOf(';');
        String version = semicolon < 0 ? "" : identifier.substring(semicolon + 1);
        String name = semicolon < 0 ? identifier : identifier.substring(0, semicolon);
        int dot = name.indexOf('.');
        return dot < 0 ? new String[] {name, "", version}
                : new String[] {name.substring(0, dot), name.substring(dot + 1), version};
    }

    private static int comparePadded(String left, String right) {
        int length = Math.max(left.length(), right.length());
        for (int i = 0; i < length; i++) {
            char a = i < left.length() ? left.charAt(i) : ' ';
            char b = i < right.length() ? right.charAt(i) : ' ';
            if (a != b) {
                return Character.compare(a, b);
            }
        }
        return 0;
    }
}
