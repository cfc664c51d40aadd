package org.kizashi.active.ip53b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

class Ip53bRulesTest {
    private static final Path NFT = Path.of("/usr/sbin/nft");
    private static final Instant GENERATED = Instant.parse("2026-11-23T10:06:24.789Z");

    @TempDir
    Path dir;

    private static List<IpPrefix> prefixes(String... texts) {
        List<IpPrefix> out = new ArrayList<>();
        for (String t : texts) {
            out.add(IpPrefix.parse(t));
        }
        return out;
    }

    /** Overlapping, nested and adjacent prefixes, as ISPs' registration lists have them. */
    private static IspNetworks exampleIsp() {
        return new IspNetworks("Example Net 株式会社",
                prefixes("198.51.100.0/24", "198.51.100.64/26", "198.51.101.0/24", "192.0.2.128/25", "192.0.2.0/25",
                        "203.0.113.0/25", "2001:db8::/33", "2001:db8:8000::/33", "2001:db8:1::/48",
                        "2001:db9:4000::/34"),
                Set.copyOf(List.of(IpAddress.parse("198.51.101.53"), IpAddress.parse("2001:db8:1::53"),
                        IpAddress.parse("198.51.101.53"), IpAddress.parse("100.64.0.1"))));
    }

    @Test
    void writesMergedRangesAndADropRulePerFamily() {
        String rules = Ip53bRules.nftables(List.of(exampleIsp()), Ip53bRules.Scope.SUBSCRIBER_RANGES, GENERATED);

        assertThat(rules).contains("table inet kizashi_ip53b {", "delete table inet kizashi_ip53b");
        assertThat(rules).contains("""
                    set example_net_v4 {
                        type ipv4_addr
                        flags interval
                        comment "Example Net 株式会社 subscriber ranges"
                        elements = {
                            192.0.2.0/24,
                            198.51.100.0/23,
                            203.0.113.0/25
                        }
                    }
                """);
        assertThat(rules).contains("""
                        type ipv6_addr
                        flags interval
                        comment "Example Net 株式会社 subscriber ranges"
                        elements = {
                            2001:db8::/32,
                            2001:db9:4000::/34
                        }
                """);
        assertThat(rules).contains("type filter hook forward priority filter; policy accept;");
        assertThat(rules).contains("ip saddr != @example_net_v4 ip daddr @example_net_v4 meta l4proto { tcp, udp }"
                + " th dport 53 counter drop comment \"IP53B IPv4 2026-11-23T10:06:24Z Example Net 株式会社\"");
        assertThat(rules).contains("ip6 saddr != @example_net_v6 ip6 daddr @example_net_v6 meta l4proto");
    }

    @Test
    void answeringScopeTargetsOnlyTheAnsweringAddressesInsideTheRanges() {
        IspNetworks isp = exampleIsp();
        String rules = Ip53bRules.nftables(List.of(isp, IspNetworks.of("Other", prefixes("100.64.0.0/24"))),
                Ip53bRules.Scope.ANSWERING_ADDRESSES, GENERATED);

        assertThat(rules).contains("ip saddr != @example_net_v4 ip daddr @example_net_v4_answering ");
        assertThat(rules).contains("ip6 saddr != @example_net_v6 ip6 daddr @example_net_v6_answering ");
        assertThat(rules).contains("""
                        elements = {
                            198.51.101.53
                        }
                """);
        assertThat(rules).doesNotContain("100.64.0.1").doesNotContain("@other_v4");
        assertThat(isp.answeringOutside()).containsExactly(IpAddress.parse("100.64.0.1"));
    }

    @Test
    void keepsCommentsWithinNftsLimitsAndSetNamesAscii() {
        String longName = "\"とても長い名前の\" ISP ".repeat(10);
        String rules = Ip53bRules.nftables(List.of(IspNetworks.of(longName, prefixes("192.0.2.0/24")),
                IspNetworks.of("ＩＳＰ", prefixes("198.51.100.0/24"))), Ip53bRules.Scope.SUBSCRIBER_RANGES, GENERATED);

        for (String line : rules.split("\n")) {
            int at = line.indexOf("comment \"");
            if (at >= 0) {
                String comment = line.substring(at + 9, line.lastIndexOf('"'));
                assertThat(comment).doesNotContain("\"");
                assertThat(comment.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
            }
        }
        assertThat(rules).containsPattern("set isp_isp_[a-z_]+_v4 \\{").contains("set isp2_v4 {");
        assertThatThrownBy(() -> IspNetworks.of("Empty", List.of())).hasMessageContaining("no subscriber prefixes");
    }

    @Test
    void nftAcceptsTheRulesetInBothScopes() throws Exception {
        assumeNftCanCheck();
        List<IspNetworks> isps = List.of(exampleIsp(), IspNetworks.of("ＩＳＰ Two", prefixes("100.64.0.0/10",
                "100.64.0.0/16", "2001:db8:ff00::/40")));
        for (Ip53bRules.Scope scope : Ip53bRules.Scope.values()) {
            Path file = dir.resolve(scope + ".nft");
            Files.writeString(file, Ip53bRules.nftables(isps, scope, GENERATED));

            Run check = run("-c", "-f", file.toString());

            assertThat(check.exit()).as(scope + ": " + check.output()).isZero();
        }
    }

    @Test
    void theNftCheckRejectsOverlappingElementsSoItsApprovalMeansSomething() throws Exception {
        assumeNftCanCheck();
        String merged = Ip53bRules.nftables(List.of(IspNetworks.of("X", prefixes("192.0.2.0/24"))),
                Ip53bRules.Scope.SUBSCRIBER_RANGES, GENERATED);
        Path file = dir.resolve("overlap.nft");
        Files.writeString(file, merged.replace("192.0.2.0/24", "192.0.2.0/24,\n 192.0.2.128/25"));

        Run check = run("-c", "-f", file.toString());

        assertThat(check.exit()).isNotZero();
        assertThat(check.output()).contains("conflicting intervals");
    }

    @Test
    void applyingTheFileTwiceInAFreshNetworkNamespaceLeavesOneCopyOfTheRules() throws Exception {
        assumeNftCanCheck();
        Path unshare = Path.of("/usr/bin/unshare");
        assumeTrue(Files.isExecutable(unshare), "no unshare");
        Path file = dir.resolve("apply.nft");
        Files.writeString(file, Ip53bRules.nftables(List.of(exampleIsp()), Ip53bRules.Scope.SUBSCRIBER_RANGES,
                GENERATED));
        Run probe = runCommand(unshare.toString(), "--net", "true");
        assumeTrue(probe.exit() == 0, "cannot create a network namespace: " + probe.output());

        Run applied = runCommand(unshare.toString(), "--net", "sh", "-c",
                "nft -f \"$1\" && nft -f \"$1\" && nft list table inet kizashi_ip53b", "sh", file.toString());

        assertThat(applied.exit()).as(applied.output()).isZero();
        assertThat(applied.output().split("th dport 53", -1)).hasSize(3); // two rules, not four
        assertThat(applied.output()).contains("counter packets 0 bytes 0 drop");
    }

    private record Run(int exit, String output) {
    }

    /** Skips when nft is missing or cannot run here (no CAP_NET_ADMIN, no netlink in a container). */
    private void assumeNftCanCheck() throws Exception {
        assumeTrue(Files.isExecutable(NFT), "nft is not installed");
        Path trivial = dir.resolve("trivial.nft");
        Files.writeString(trivial, "table inet kizashi_probe {\n}\n");
        Run probe = run("-c", "-f", trivial.toString());
        assumeTrue(probe.exit() == 0, "nft -c cannot run here: " + probe.output());
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(NFT.toString());
        command.addAll(List.of(args));
        return runCommand(command.toArray(String[]::new));
    }

    private static Run runCommand(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), output);
    }
}
