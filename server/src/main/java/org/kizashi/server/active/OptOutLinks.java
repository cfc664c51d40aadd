package org.kizashi.server.active;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal opt-out links: the subscriber's ISP and id with an HMAC-SHA256 under the installation's key, so that the
 * link in a notice opens that subscriber's opt-out page and no other, without an account or a stored token.
 */
public final class OptOutLinks {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private final byte[] key;

    /** Whose page a token opens. */
    public record Holder(String isp, String subscriber) {
    }

    OptOutLinks(byte[] key) {
        this.key = key.clone();
    }

    String token(String isp, String subscriber) {
        byte[] who = (isp + "\n" + subscriber).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(who) + "." + ENCODER.encodeToString(mac(who));
    }

    Optional<Holder> holder(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] who = DECODER.decode(token.substring(0, dot));
            byte[] given = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(who), given)) {
                return Optional.empty();
            }
            String text = new String(who, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return newline <= 0 ? Optional.empty()
                    : Optional.of(new Holder(text.substring(0, newline), text.substring(newline + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(data), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
