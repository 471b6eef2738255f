/// Per-recipient survey tokens: HMAC-SHA-256 of campaign and address under `SURVEY_SECRET`, in lower-case
/// base32 (32 characters, 160 bits). Unguessable without the secret, stable across runs and replicas,
/// and checkable by the platform's response endpoint without a database.
public enum SurveyToken {
    /// The token of `email` (compared lower-cased) in `campaign`.
    public static func make(secret: String, campaign: String, email: String) -> String {
        let message = Array("\(campaign)\n\(email.lowercased())".utf8)
        let digest = HMACSHA256.digest(key: Array(secret.utf8), message: message)
        return base32(Array(digest.prefix(20)))
    }

    /// RFC 4648 base32 without padding, lower case.
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }
}
