import FoundationEssentials

/// A JSON document as a value: objects keep their key order, numbers keep their source text.
///
/// Configuration errors must name fields and positions, and templates need ordered contexts, so this
/// type replaces `Codable` and `JSONSerialization` for everything the runner reads from files.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, with the text it was written as (so `1.50` is not reformatted).
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Creates a number value from a `Double`.
    public static func double(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }

    /// Creates a number value from an `Int`.
    public static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    /// The name of this value's JSON type, for error messages ("expected a string, found an array").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The string, when this value is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, when this value is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, when this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number as a `Double`, when this value is a number.
    public var doubleValue: Double? {
        if case .number(let n) = self { return n.doubleValue }
        return nil
    }

    /// The number as an `Int`, when this value is an integral number in range.
    public var intValue: Int? {
        if case .number(let n) = self { return n.intValue }
        return nil
    }

    /// The boolean, when this value is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Looks up a key when this value is an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// A JSON number that remembers its source text.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The number as written in the source, or as formatted when created from Swift.
    public let text: String

    /// Creates a number from its JSON text; the caller guarantees the text is a valid JSON number.
    public init(text: String) { self.text = text }

    /// Creates a number from a `Double`, written without a fraction when it is integral.
    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            text = String(Int64(value))
        } else {
            text = "\(value)"
        }
    }

    /// Creates a number from an `Int`.
    public init(_ value: Int) { text = String(value) }

    /// The value as a `Double`.
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The value as an `Int` when it is integral and in range.
    public var intValue: Int? {
        if let i = Int(text) { return i }
        let d = doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e18 else { return nil }
        return Int(d)
    }

    /// The source text.
    public var description: String { text }

    /// Numbers are equal when their values are, whatever their spelling.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.text == rhs.text || lhs.doubleValue == rhs.doubleValue
    }
}
