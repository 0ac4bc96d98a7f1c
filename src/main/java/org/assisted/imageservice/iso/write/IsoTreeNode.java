package org.assisted.imageservice.iso.write;

import java.util.Collection;
import java.util.TreeMap;

import org.assisted.imageservice.iso.IsoTreeAttributes;

/** A directory or file of an {@link IsoTree}; children are kept sorted by Rock Ridge name. */
final class IsoTreeNode {

    private final String name;
    private IsoTreeAttributes attributes;
    private IsoTreeContent content;
    private final TreeMap<String, IsoTreeNode> children;

    private IsoTreeNode(String name, IsoTreeAttributes attributes, IsoTreeContent content, boolean directory) {
        this.name = name;
        this.attributes = attributes;
        this.content = content;
        this.children = directory ? new TreeMap<>() : null;
    }

    static IsoTreeNode directory(String name, IsoTreeAttributes attributes) {
        return new IsoTreeNode(name, attributes, null, true);
    }

    static IsoTreeNode file(String name, IsoTreeContent content, IsoTreeAttributes attributes) {
        return new IsoTreeNode(name, attributes, content, false);
    }

    String name() {
        return name;
    }

    boolean isDirectory() {
        return children != null;
    }

    IsoTreeAttributes attributes() {
        return attributes;
    }

    void setAttributes(IsoTreeAttributes attributes) {
        this.attributes = attributes;
    }

    IsoTreeContent content() {
        return content;
    }

    void setContent(IsoTreeContent content) {
        this.content = content;
    }

    IsoTreeNode child(String childName) {
        return children.get(childName);
    }

    void putChild(IsoTreeNode child) {
        children.put(child.name(), child);
    }

    boolean removeChild(String childName) {
        return children.remove(childName) != null;
    }

    /** Children in Rock Ridge name order (String order, deterministic). */
    Collection<IsoTreeNode> children() {
        return children.values();
    }
}
