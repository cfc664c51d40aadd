package org.kizashi.server.http;

import java.nio.file.Path;

/**
 * Where to listen and, for HTTPS, the PKCS#12 key store with the server's certificate and key; {@code clientCa}, when
 * set, is a PKCS#12 trust store of the authorities whose client certificates TAXII clients may log in with.
 */
public record HttpSettings(String host, int port, Path keyStore, String keyStorePassword, Path clientCa,
                           String clientCaPassword) {
    public HttpSettings(String host, int port, Path keyStore, String keyStorePassword) {
        this(host, port, keyStore, keyStorePassword, null, null);
    }

    public boolean tls() {
        return keyStore != null;
    }
}
