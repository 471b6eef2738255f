import FoundationEssentials
import JSON

/// A Swift type that a result column (in PostgreSQL's text format) decodes into.
///
/// Non-optional types throw on SQL NULL; `Optional` decodes NULL as `nil`.
public protocol PostgresDecodable: Sendable {
    /// Decodes a column value; `text` is `nil` for SQL NULL. Throw `PostgresDecodingFailure` on bad input.
    static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Self
}

/// Why a value did not decode; `PostgresRow` adds the column and statement.
public struct PostgresDecodingFailure: Error, Sendable {
    /// What was wrong.
    public let reason: String
    /// Creates a failure.
    public init(_ reason: String) { self.reason = reason }
    static let unexpectedNull = PostgresDecodingFailure("unexpected NULL")
}

/// Decodes through a failable initializer from text, for the many types that have one.
private func decodeText<T>(_ text: String?, _ typeName: String,
                           _ make: (String) -> T?) throws(PostgresDecodingFailure) -> T {
    guard let text else { throw .unexpectedNull }
    guard let value = make(text) else { throw PostgresDecodingFailure("\"\(text.prefix(40))\" is not \(typeName)") }
    return value
}

extension String: PostgresDecodable {
    /// Any text.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> String {
        try decodeText(text, "text") { $0 }
    }
}

extension Int: PostgresDecodable {
    /// `smallint`, `integer` or `bigint` text.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Int {
        try decodeText(text, "an integer") { Int($0) }
    }
}

extension Int64: PostgresDecodable {
    /// `bigint` text.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Int64 {
        try decodeText(text, "an integer") { Int64($0) }
    }
}

extension Double: PostgresDecodable {
    /// `real`, `double precision` or `numeric` text, including `NaN` and `Infinity`.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Double {
        try decodeText(text, "a number") { text in
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: return Double(text)
            }
        }
    }
}

extension Decimal: PostgresDecodable {
    /// `numeric` text, exactly.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Decimal {
        try decodeText(text, "a decimal number") { Decimal(string: $0) }
    }
}

extension Bool: PostgresDecodable {
    /// `t` or `f`.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Bool {
        try decodeText(text, "a boolean") { $0 == "t" ? true : $0 == "f" ? false : nil }
    }
}

extension UUID: PostgresDecodable {
    /// `uuid` text.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> UUID {
        try decodeText(text, "a UUID") { UUID(uuidString: $0) }
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` (read in the session's UTC) or `timestamp` (taken as UTC).
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Date {
        try decodeText(text, "a timestamp") { PostgresTimestamp.parse($0) }
    }
}

extension JSONValue: PostgresDecodable {
    /// `json` or `jsonb` text.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> JSONValue {
        guard let text else { throw .unexpectedNull }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw PostgresDecodingFailure("invalid JSON: \(error)")
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// SQL NULL becomes `nil`.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Wrapped? {
        guard let text else { return nil }
        return try Wrapped.decode(postgresText: text)
    }
}

extension Data: PostgresDecodable {
    /// `bytea` in hex format.
    public static func decode(postgresText text: String?) throws(PostgresDecodingFailure) -> Data {
        guard let text else { throw .unexpectedNull }
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"),
              bytes.count % 2 == 0 else {
            throw PostgresDecodingFailure("bytea is not in hex format")
        }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else {
                throw PostgresDecodingFailure("bytea has a non-hex digit")
            }
            data.append(high << 4 | low)
            index += 2
        }
        return data
    }
}
