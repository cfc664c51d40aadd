package org.kizashi.server.http;

import java.nio.file.Path;

/** Where to listen and, for HTTPS, the PKCS#12 key store with the server's certificate and key. */
public record HttpSettings(String host, int port, Path keyStore, String keyStorePassword) {
    public boolean tls() {
        return keyStore != null;
    }
}
