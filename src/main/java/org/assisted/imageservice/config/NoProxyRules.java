package org.assisted.imageservice.config;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * NO_PROXY as Go's {@code ProxyFromEnvironment} reads it: comma-separated entries, case-insensitive, blanks ignored.
 * {@code *} matches everything; {@code a.b/n} is a CIDR; an IP address matches itself; a name matches itself and
 * its subdomains, {@code .name} (or {@code *.name}) its subdomains only. {@code :port} after a name or IP (IPv6 in
 * brackets) restricts the entry to that port. Entries that are none of these never match, as in Go.
 */
public final class NoProxyRules {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final int ANY_PORT = -1;

    private final boolean all;
    private final List<Rule> rules;
    private final List<String> entries;

    private NoProxyRules(boolean all, List<Rule> rules, List<String> entries) {
        this.all = all;
        this.rules = List.copyOf(rules);
        this.entries = List.copyOf(entries);
    }

    /** @param value NO_PROXY's value, possibly empty */
    public static NoProxyRules parse(String value) {
        List<Rule> rules = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            entries.add(entry);
            if (entry.equals("*")) {
                return new NoProxyRules(true, List.of(), List.of("*"));
            }
            rule(entry).ifPresent(rules::add);
        }
        return new NoProxyRules(false, rules, entries);
    }

    /**
     * @param host a lower-case host name or IP literal without brackets
     * @param port the target port, the scheme's default made explicit
     * @return whether a request to {@code host:port} goes direct
     */
    public boolean bypasses(String host, int port) {
        if (all) {
            return true;
        }
        Optional<InetAddress> ip = ipLiteral(host);
        String name = ip.isPresent() ? host : asciiName(host);
        return rules.stream().anyMatch(rule -> rule.matches(name, ip, port));
    }

    /** @return an IP address literal (IPv6 without brackets) as an address; never a name lookup */
    static Optional<InetAddress> ipLiteral(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            // Only hex digits, colons and dots, with a colon: the JDK parses it as a literal and never resolves it.
            if (IPV6_CHARS.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
        } catch (UnknownHostException e) {
            // not a valid literal
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }

    private static Optional<Rule> rule(String entry) {
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            return cidr(entry.substring(0, slash), entry.substring(slash + 1));
        }
        String host = entry;
        int port = ANY_PORT;
        int colon = entry.lastIndexOf(':');
        boolean bracketed = entry.startsWith("[");
        if (colon >= 0 && (bracketed ? entry.lastIndexOf(']') == colon - 1 : entry.indexOf(':') == colon)) {
            host = entry.substring(0, colon);
            String digits = entry.substring(colon + 1);
            if (!digits.isEmpty()) {
                if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 5) {
                    return Optional.empty();
                }
                port = Integer.parseInt(digits);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> ip = ipLiteral(host);
        if (ip.isPresent()) {
            return Optional.of(new IpRule(ip.get(), port));
        }
        if (host.startsWith("*.")) {
            host = host.substring(1);
        }
        boolean matchesItself = !host.startsWith(".");
        return Optional.of(new DomainRule(asciiName(matchesItself ? "." + host : host), matchesItself, port));
    }

    private static Optional<Rule> cidr(String address, String bits) {
        Optional<InetAddress> network = ipLiteral(address);
        if (network.isEmpty() || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(bits);
        if (prefix > network.get().getAddress().length * 8) {
            return Optional.empty();
        }
        return Optional.of(new CidrRule(network.get().getAddress(), prefix));
    }

    private static String asciiName(String name) {
        try {
            return IDN.toASCII(name).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private sealed interface Rule permits IpRule, CidrRule, DomainRule {
        boolean matches(String host, Optional<InetAddress> ip, int port);
    }

    private record IpRule(InetAddress ip, int port) implements Rule {
        @Override
        public boolean matches(String host, Optional<InetAddress> target, int targetPort) {
            return target.isPresent() && target.get().equals(ip) && (port == ANY_PORT || port == targetPort);
        }
    }

    /** Any port, as Go's CIDR entries. */
    private record CidrRule(byte[] network, int prefix) implements Rule {
        @Override
        public boolean matches(String host, Optional<InetAddress> target, int targetPort) {
            if (target.isEmpty()) {
                return false;
            }
            byte[] address = target.get().getAddress();
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** @param suffix the name with a leading dot; {@code matchesItself} when the entry had none */
    private record DomainRule(String suffix, boolean matchesItself, int port) implements Rule {
        @Override
        public boolean matches(String host, Optional<InetAddress> target, int targetPort) {
            boolean hostMatches = host.endsWith(suffix) || (matchesItself && host.equals(suffix.substring(1)));
            return hostMatches && (port == ANY_PORT || port == targetPort);
        }
    }
}
