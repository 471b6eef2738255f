#include "ccrypto.h"

#include <limits.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

int ccrypto_hmac_sha256(const uint8_t *key, size_t key_length, const uint8_t *message, size_t message_length,
                        uint8_t out[32]) {
    if (key_length > INT_MAX) return 0;
    unsigned int length = 0;
    // An empty key still needs a valid pointer for OpenSSL.
    static const uint8_t empty = 0;
    const uint8_t *key_bytes = key_length == 0 ? &empty : key;
    const uint8_t *message_bytes = message_length == 0 ? &empty : message;
    if (HMAC(EVP_sha256(), key_bytes, (int)key_length, message_bytes, message_length, out, &length) == NULL) return 0;
    return length == 32;
}
