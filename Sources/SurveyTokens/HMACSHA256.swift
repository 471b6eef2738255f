import CCrypto

/// HMAC-SHA-256 (RFC 2104) from libcrypto, which libcurl and libpq load already: the survey tokens' keyed
/// hash, without a hand-written SHA-256 to maintain.
public enum HMACSHA256 {
    /// The 32-byte HMAC-SHA-256 of `message` under `key`.
    public static func digest(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let succeeded = key.withUnsafeBufferPointer { key in
            message.withUnsafeBufferPointer { message in
                out.withUnsafeMutableBufferPointer { out in
                    ccrypto_hmac_sha256(key.baseAddress, key.count, message.baseAddress, message.count, out.baseAddress)
                }
            }
        }
        // libcrypto's HMAC fails only when it cannot allocate its context: nothing sensible can follow.
        precondition(succeeded == 1, "libcrypto HMAC-SHA-256 failed (out of memory)")
        return out
    }
}
