// HMAC-SHA-256 from libcrypto (OpenSSL), which libcurl and libpq load already: one typed function, so
// Swift never touches OpenSSL's macros or its EVP objects.
#ifndef CCRYPTO_H
#define CCRYPTO_H

#include <stddef.h>
#include <stdint.h>

/// Writes HMAC-SHA-256 of `message` under `key` into `out` (32 bytes); returns 1 on success, 0 on failure.
int ccrypto_hmac_sha256(const uint8_t *key, size_t key_length, const uint8_t *message, size_t message_length,
                        uint8_t out[32]);

#endif
