import FoundationEssentials
import JSON

/// A Swift value that can be sent as a statement parameter, in PostgreSQL's text format.
///
/// Parameters travel separately from the SQL text (`PQexecParams`), so quotes and backslashes in them
/// can never change a statement.
public protocol PostgresEncodable: Sendable {
    /// The parameter's text, or `nil` for SQL NULL.
    var postgresText: String? { get }
    /// The parameter in PostgreSQL's binary format, for types whose text form costs (`bytea`: hex
    /// doubles the size and both ends must convert it); `nil` sends `postgresText`.
    var postgresBinary: [UInt8]? { get }
}

extension PostgresEncodable {
    /// Text by default.
    public var postgresBinary: [UInt8]? { nil }
}

extension String: PostgresEncodable {
    /// The string itself.
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    /// The substring as a string.
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    /// The decimal digits.
    public var postgresText: String? { String(self) }
}

extension Double: PostgresEncodable {
    /// The shortest round-tripping text; `NaN` and infinities in PostgreSQL's spelling.
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }
}

extension Decimal: PostgresEncodable {
    /// The decimal text (for `numeric`).
    public var postgresText: String? { "\(self)" }
}

extension Bool: PostgresEncodable {
    /// `true` or `false`.
    public var postgresText: String? { self ? "true" : "false" }
}

extension UUID: PostgresEncodable {
    /// The lower-case canonical form.
    public var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    /// RFC 3339 in UTC with microseconds.
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension JSONValue: PostgresEncodable {
    /// The compact JSON text (for `json`/`jsonb`).
    public var postgresText: String? { jsonText }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// `nil` becomes SQL NULL.
    public var postgresText: String? {
        switch self {
        case .none: return nil
        case .some(let value): return value.postgresText
        }
    }

    /// The wrapped value's binary form; `nil` (SQL NULL or text) otherwise.
    public var postgresBinary: [UInt8]? { self?.postgresBinary }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    /// A PostgreSQL array literal (`{"a","b\"c",NULL}`), for `$1::text[]` and `unnest`.
    public var postgresText: String? {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            guard let value = element.postgresText else { text += "NULL"; continue }
            text += "\""
            for character in value {
                if character == "\"" || character == "\\" { text.append("\\") }
                text.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}

extension Data: PostgresEncodable {
    /// `bytea` in hex format (`\x4142`).
    public var postgresText: String? {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 2 + count * 2)
        bytes[0] = UInt8(ascii: "\\")
        bytes[1] = UInt8(ascii: "x")
        for (index, byte) in enumerated() {
            bytes[2 + index * 2] = digits[Int(byte >> 4)]
            bytes[3 + index * 2] = digits[Int(byte & 0x0F)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes themselves: `bytea`'s binary format.
    public var postgresBinary: [UInt8]? { withUnsafeBytes { [UInt8]($0) } }
}
