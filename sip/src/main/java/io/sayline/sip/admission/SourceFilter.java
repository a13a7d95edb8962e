package io.sayline.sip.admission;

import io.sayline.config.Cidr;
import java.net.InetAddress;
import java.util.List;

/** {@code sip.allow}: the networks whose requests Sayline accepts; anything else gets 403. */
public final class SourceFilter {
    private final List<Cidr> allowed;

    public SourceFilter(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    public static SourceFilter parse(List<String> cidrs) {
        return new SourceFilter(cidrs.stream().map(Cidr::parse).toList());
    }

    public boolean allows(InetAddress source) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(source)) {
                return true;
            }
        }
        return false;
    }
}
