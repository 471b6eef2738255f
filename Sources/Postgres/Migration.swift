/// One versioned schema change, compiled into the binary.
public struct Migration: Sendable {
    /// Increasing version number; never reused.
    public let version: Int
    /// A short description ("job runs").
    public let name: String
    /// The SQL script; may hold several statements.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// FNV-1a 64-bit hash of the SQL, recorded to notice a script edited after it was applied.
    public var checksum: String {
        let hex = String(Self.fnv1a(sql), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a 64-bit: a stable (not cryptographic) hash for keys and checksums.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
