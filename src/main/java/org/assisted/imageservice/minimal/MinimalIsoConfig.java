package org.assisted.imageservice.minimal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.coreos.RhcosPaths;

/**
 * Boot-config edits of the minimal ISO (docs/upstream-behaviour.md#minimal-iso-boot-config-edits): drop
 * {@code coreos.liveiso=}, add {@code coreos.live.rootfs_url="…"} and the extra initrds. Each edit affects only the
 * first match; the edits are returned so kargs.json offsets can follow them ({@link MinimalIsoKargs#shifted}).
 */
public final class MinimalIsoConfig {

    /** Edited content and the edits in the order they were applied. */
    public record Result(String content, List<MinimalIsoEdit> edits) {
        public Result {
            edits = List.copyOf(edits);
        }
    }

    private static final int FLAGS = Pattern.MULTILINE | Pattern.UNIX_LINES;
    private static final Pattern LIVE_ISO = Pattern.compile("\\b(?<replace>coreos\\.liveiso=\\S+ ?)", FLAGS);
    private static final Pattern GRUB_LINUX = Pattern.compile("^\\s+linux .+(?<replace>$)", FLAGS);
    private static final Pattern GRUB_INITRD = Pattern.compile("^\\s+initrd .+(?<replace>$)", FLAGS);
    private static final Pattern ISOLINUX_APPEND = Pattern.compile("^\\s+append.+(?<replace>$)", FLAGS);
    private static final Pattern ISOLINUX_INITRD = Pattern.compile("^\\s+append.*initrd=\\S+(?<replace>)", FLAGS);
    private static final String GROUP = "replace";

    private MinimalIsoConfig() {
    }

    /** Rejects URLs that grub or isolinux would expand: {@code invalid rootfs URL: contains invalid character '$'}. */
    public static void checkRootfsUrl(String rootfsUrl) throws MinimalIsoException {
        for (char invalid : new char[] {'$', '\\'}) {
            if (rootfsUrl.indexOf(invalid) >= 0) {
                throw new MinimalIsoException("invalid rootfs URL: contains invalid character '" + invalid + "'");
            }
        }
    }

    /** grub.cfg: liveiso removed, rootfs URL appended to the first {@code linux} line, initrds to the first {@code initrd}. */
    public static Result fixGrubConfig(String content, String rootfsUrl, boolean nmstate) throws MinimalIsoException {
        checkRootfsUrl(rootfsUrl);
        String initrds = " " + RhcosPaths.RAMDISK_PATH + (nmstate ? " " + RhcosPaths.NMSTATE_PATH : "");
        return apply(content, List.of(LIVE_ISO, GRUB_LINUX, GRUB_INITRD), List.of("", rootfsArgument(rootfsUrl), initrds));
    }

    /** isolinux.cfg: liveiso removed, rootfs URL appended to the first {@code append} line, initrds after its {@code initrd=}. */
    public static Result fixIsolinuxConfig(String content, String rootfsUrl, boolean nmstate) throws MinimalIsoException {
        checkRootfsUrl(rootfsUrl);
        String initrds = "," + RhcosPaths.RAMDISK_PATH + (nmstate ? "," + RhcosPaths.NMSTATE_PATH : "");
        return apply(content, List.of(LIVE_ISO, ISOLINUX_APPEND, ISOLINUX_INITRD),
                List.of("", rootfsArgument(rootfsUrl), initrds));
    }

    /** The default kargs of kargs.json after the same edits: liveiso removed, rootfs URL appended at the very end. */
    public static String fixDefaultKargs(String kargs, String rootfsUrl) throws MinimalIsoException {
        checkRootfsUrl(rootfsUrl);
        Result removed = apply(kargs, List.of(LIVE_ISO), List.of(""));
        return removed.content() + rootfsArgument(rootfsUrl);
    }

    /**
     * Replaces the named group {@code replace} of the first match of {@code regex} (Java syntax, {@code (?<replace>…)})
     * in {@code content}; empty when nothing matches.
     */
    public static Optional<MinimalIsoEdit> editString(String content, String regex, String replacement)
            throws MinimalIsoException {
        if (!regex.contains("(?<" + GROUP + ">")) {
            throw new MinimalIsoException("regex must have a named capture group called '" + GROUP + "': " + regex);
        }
        return editFirst(content, Pattern.compile(regex, FLAGS), replacement);
    }

    /** Applies {@code edit} (as returned by {@link #editString}) to {@code content}. */
    public static String applyEdit(String content, MinimalIsoEdit edit) {
        return content.substring(0, edit.start()) + edit.replacement() + content.substring(edit.end());
    }

    private static Result apply(String content, List<Pattern> patterns, List<String> replacements) {
        String current = content;
        List<MinimalIsoEdit> edits = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            Optional<MinimalIsoEdit> edit = editFirst(current, patterns.get(i), replacements.get(i));
            if (edit.isPresent()) {
                current = applyEdit(current, edit.get());
                edits.add(edit.get());
            }
        }
        return new Result(current, edits);
    }

    private static Optional<MinimalIsoEdit> editFirst(String content, Pattern pattern, String replacement) {
        Matcher matcher = pattern.matcher(content);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(new MinimalIsoEdit(matcher.start(GROUP), matcher.end(GROUP), replacement));
    }

    /** {@code  coreos.live.rootfs_url="<url>"}, quoted like Go's {@code %q} for the characters a URL may hold. */
    private static String rootfsArgument(String rootfsUrl) {
        return " coreos.live.rootfs_url=\"" + rootfsUrl.replace("\"", "\\\"") + "\"";
    }
}
