package org.assisted.imageservice.iso.write;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.assisted.imageservice.iso.IsoTreeAttributes;

/**
 * The directories and files of an image to be written by {@link IsoWriter}. Paths use Rock Ridge names
 * separated by {@code /}, with or without a leading slash ({@code images/efiboot.img}); names are kept
 * verbatim (at most 255 UTF-8 bytes, no NUL, not {@code .} or {@code ..}). A parent directory must be added
 * before its children. Not thread-safe.
 */
public final class IsoTree {

    private static final int NAME_MAX_BYTES = 255;

    private final IsoTreeNode root;

    public IsoTree(IsoTreeAttributes rootAttributes) {
        this.root = IsoTreeNode.directory("", Objects.requireNonNull(rootAttributes, "rootAttributes"));
    }

    /** Adds a directory; its parent must exist and the path must be free. */
    public void addDirectory(String path, IsoTreeAttributes attributes) {
        add(path, name -> IsoTreeNode.directory(name, Objects.requireNonNull(attributes, "attributes")));
    }

    /** Adds a file; its parent must exist and the path must be free. */
    public void addFile(String path, IsoTreeContent content, IsoTreeAttributes attributes) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(attributes, "attributes");
        add(path, name -> IsoTreeNode.file(name, content, attributes));
    }

    /** Replaces the content of an existing file, keeping its attributes. */
    public void replaceContent(String path, IsoTreeContent content) {
        IsoTreeNode node = find(path).filter(n -> !n.isDirectory())
                .orElseThrow(() -> new IllegalArgumentException("no such file: " + path));
        node.setContent(Objects.requireNonNull(content, "content"));
    }

    /** Removes a file or a directory with everything below it; returns whether something was removed. */
    public boolean remove(String path) {
        List<String> names = split(path);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the root directory");
        }
        Optional<IsoTreeNode> parent = find(names.subList(0, names.size() - 1));
        return parent.filter(IsoTreeNode::isDirectory)
                .map(p -> p.removeChild(names.get(names.size() - 1))).orElse(false);
    }

    public boolean isFile(String path) {
        return find(path).map(n -> !n.isDirectory()).orElse(false);
    }

    public boolean isDirectory(String path) {
        return find(path).map(IsoTreeNode::isDirectory).orElse(false);
    }

    /** Content of a file, empty when the path is absent or a directory. */
    public Optional<IsoTreeContent> content(String path) {
        return find(path).map(IsoTreeNode::content);
    }

    /** Attributes of a file or directory. */
    public Optional<IsoTreeAttributes> attributes(String path) {
        return find(path).map(IsoTreeNode::attributes);
    }

    IsoTreeNode root() {
        return root;
    }

    Optional<IsoTreeNode> find(String path) {
        return find(split(path));
    }

    private Optional<IsoTreeNode> find(List<String> names) {
        IsoTreeNode node = root;
        for (String name : names) {
            if (!node.isDirectory()) {
                return Optional.empty();
            }
            node = node.child(name);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    private void add(String path, Function<String, IsoTreeNode> factory) {
        List<String> names = split(path);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the root directory already exists");
        }
        IsoTreeNode parent = find(names.subList(0, names.size() - 1)).filter(IsoTreeNode::isDirectory)
                .orElseThrow(() -> new IllegalArgumentException("parent directory missing: " + path));
        String name = names.get(names.size() - 1);
        if (parent.child(name) != null) {
            throw new IllegalArgumentException("path already exists: " + path);
        }
        parent.putChild(factory.apply(name));
    }

    private static List<String> split(String path) {
        Objects.requireNonNull(path, "path");
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        List<String> names = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return names;
        }
        for (String name : trimmed.split("/", -1)) {
            validateName(name, path);
            names.add(name);
        }
        return names;
    }

    private static void validateName(String name, String path) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX_BYTES) {
            throw new IllegalArgumentException("invalid name '" + name + "' in path " + path);
        }
    }
}
