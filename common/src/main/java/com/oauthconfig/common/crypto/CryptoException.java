package com.oauthconfig.common.crypto;

/** Encryption or decryption failed; the message never contains key material or plaintext. */
public class CryptoException extends RuntimeException {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
