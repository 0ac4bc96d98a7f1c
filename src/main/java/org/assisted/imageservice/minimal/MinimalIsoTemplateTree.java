package org.assisted.imageservice.minimal;

import java.nio.file.Path;
import java.util.Optional;

import org.assisted.imageservice.iso.IsoEntry;
import org.assisted.imageservice.iso.IsoFileSystem;
import org.assisted.imageservice.iso.IsoTreeAttributes;
import org.assisted.imageservice.iso.write.IsoTree;
import org.assisted.imageservice.iso.write.IsoTreeContent;

/** Copies a base image's directory tree into an {@link IsoTree} whose file contents are extents of the base. */
final class MinimalIsoTemplateTree {

    private static final IsoTreeContent EMPTY = IsoTreeContent.bytes(new byte[0]);

    private MinimalIsoTemplateTree() {
    }

    /**
     * Every directory and file of {@code base} with its {@link IsoEntry#attributes()}; files refer to their extent of
     * {@code image}, empty files and the visible boot catalog (re-encoded by the writer) to no bytes.
     *
     * @throws MinimalIsoException if an entry cannot be recorded (invalid or duplicate name)
     */
    static IsoTree copy(IsoFileSystem base, Path image, Optional<String> catalogPath) throws MinimalIsoException {
        IsoTree tree = new IsoTree(base.rootAttributes());
        for (IsoEntry entry : base.entries()) {
            try {
                if (entry.directory()) {
                    tree.addDirectory(entry.path(), entry.attributes());
                } else {
                    boolean catalog = catalogPath.map(p -> entry.path().equals("/" + p)).orElse(false);
                    IsoTreeContent content = entry.size() == 0 || catalog ? EMPTY
                            : IsoTreeContent.extent(image, entry.offset(), entry.size());
                    tree.addFile(entry.path(), content, entry.attributes());
                }
            } catch (IllegalArgumentException e) {
                throw new MinimalIsoException("cannot copy " + entry.path() + " of the base ISO: " + e.getMessage(), e);
            }
        }
        return tree;
    }

    /** Adds a file or replaces the content of an existing one (keeping its attributes). */
    static void put(IsoTree tree, String path, IsoTreeContent content, IsoTreeAttributes attributes) {
        if (tree.isFile(path)) {
            tree.replaceContent(path, content);
        } else {
            tree.addFile(path, content, attributes);
        }
    }
}
