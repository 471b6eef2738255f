import CivilTime
import Cron
import FoundationEssentials
import JSON
import MIME
import ZoneInfo

/// Reads typed fields from one JSON object, reporting each problem with file, field path and line, and
/// reporting keys that nobody read as unknown (a typo must not be silently ignored).
public struct FieldReader {
    /// The file being read.
    public let file: String
    /// The field path of `object` in the file (`params`), empty at the top.
    public let path: String
    /// The object read.
    public let object: JSONObject
    let diagnostics: Diagnostics
    private var consumed: Set<String> = []

    init(file: String, path: String, object: JSONObject, diagnostics: Diagnostics) {
        self.file = file
        self.path = path
        self.object = object
        self.diagnostics = diagnostics
    }

    /// The path of `key` in the file (`params.argv`).
    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of `key`, when known.
    public func line(_ key: String) -> Int? { object.line(of: key) }

    /// Reports a problem with `key`.
    public func fail(_ key: String, _ message: String) {
        diagnostics.report(file: file, field: fieldPath(key), line: line(key), message)
    }

    /// Marks a key as read and returns its value; reports a missing required key.
    public mutating func value(_ key: String, required: Bool = false) -> JSONValue? {
        consumed.insert(key)
        guard let value = object[key] else {
            if required { diagnostics.report(file: file, field: fieldPath(key), line: nil, "is required") }
            return nil
        }
        return value
    }

    /// A reader of `object`, an element found at `path` of the same file.
    public func reader(for object: JSONObject, at path: String) -> FieldReader {
        FieldReader(file: file, path: path, object: object, diagnostics: diagnostics)
    }

    /// Reports a problem at `field`, a path below this object (`params.questions[2]`).
    public func fail(field: String, at key: String, _ message: String) {
        diagnostics.report(file: file, field: field, line: line(key), message)
    }

    /// Reports every key that was not read, with the keys that are allowed.
    public func finish() {
        for key in object.keys where !consumed.contains(key) {
            diagnostics.report(file: file, field: fieldPath(key), line: line(key),
                               "is not a known field (known: \(consumed.sorted().joined(separator: ", ")))")
        }
    }

    // MARK: - Typed readers

    /// A string.
    public mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard let string = value.stringValue else {
            fail(key, "expected a string, found \(value.typeName)")
            return nil
        }
        return string
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        guard let int = value.intValue else {
            fail(key, "expected an integer, found "
                + "\(value.typeName == "a number" ? "\(value.jsonText)" : value.typeName)")
            return nil
        }
        guard range.contains(int) else {
            fail(key, "\(int) is out of range \(range.lowerBound)-\(range.upperBound)")
            return nil
        }
        return int
    }

    mutating func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard let number = value.doubleValue, number.isFinite else {
            fail(key, "expected a number, found \(value.typeName)")
            return nil
        }
        return number
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.boolValue else {
            fail(key, "expected true or false, found \(value.typeName)")
            return nil
        }
        return bool
    }

    /// A duration such as `90s`, `15m`, `6h`, `7d`, from `minimum` to `maximum` seconds.
    mutating func duration(_ key: String, minimum: Int = 1, maximum: Int = DurationText.maximumDefault) -> Int? {
        guard let text = string(key) else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            fail(key, "\"\(text)\" is not a duration; write a number and a unit, like 90s, 15m, 6h or 7d")
            return nil
        }
        guard seconds >= minimum else {
            fail(key, "\"\(text)\" is too short; at least \(DurationText.format(minimum))")
            return nil
        }
        guard seconds <= maximum else {
            fail(key, "\"\(text.prefix(20))\" is too long; at most \(DurationText.format(maximum))")
            return nil
        }
        return seconds
    }

    /// An IANA time zone name (`UTC` or `Area/Location`), read from the system zone database.
    mutating func timeZone(_ key: String) -> Zone? {
        guard let name = string(key) else { return nil }
        do {
            return try ZoneDatabase.system.zone(named: name)
        } catch {
            fail(key, "\"\(name)\": \(error.reason)")
            return nil
        }
    }

    /// One value of a fixed set.
    public mutating func choice<T: RawRepresentable>(_ key: String,
                                                     _ type: T.Type) -> T? where T.RawValue == String, T: CaseIterable {
        guard let text = string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            fail(key, "\"\(text)\" is not one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// An array of strings; `nonEmpty` requires at least one element.
    mutating func strings(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> [String]? {
        guard let value = value(key, required: required) else { return nil }
        guard let array = value.arrayValue else {
            fail(key, "expected an array of strings, found \(value.typeName)")
            return nil
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                diagnostics.report(file: file, field: "\(fieldPath(key))[\(index)]", line: line(key),
                                   "expected a string, found \(element.typeName)")
                return nil
            }
            result.append(string)
        }
        if nonEmpty && result.isEmpty {
            fail(key, "must not be empty")
            return nil
        }
        return result
    }

    /// A nested object, read with its own reader (whose unknown keys are reported by `finish`).
    public mutating func object(_ key: String, required: Bool = false) -> FieldReader? {
        guard let value = value(key, required: required) else { return nil }
        guard let object = value.objectValue else {
            fail(key, "expected an object, found \(value.typeName)")
            return nil
        }
        return FieldReader(file: file, path: fieldPath(key), object: object, diagnostics: diagnostics)
    }

    /// Recipients: group names from `program.json` or mail addresses (`Name <user@domain>`).
    /// `groups` is nil when program.json could not be read: group names are then taken on trust, so one
    /// error in program.json is reported once, not again for every job that names a group.
    mutating func recipients(_ key: String, groups: [String: [MailAddress]]?) -> [Recipient]? {
        guard let entries = strings(key) else { return nil }
        var result: [Recipient] = []
        for (index, entry) in entries.enumerated() {
            let field = "\(fieldPath(key))[\(index)]"
            if entry.contains("@") {
                do {
                    result.append(.address(try MailAddress.parse(entry)))
                } catch {
                    diagnostics.report(file: file, field: field, line: line(key), "\(error)")
                }
            } else if groups == nil || groups?[entry] != nil {
                result.append(.group(entry))
            } else {
                let known = (groups ?? [:]).keys.sorted()
                diagnostics.report(file: file, field: field, line: line(key),
                                   "\"\(entry)\" is neither a mail address nor a recipient group of program.json"
                                   + (known.isEmpty ? " (it defines none)" : " (groups: "
                                       + "\(known.joined(separator: ", ")))"))
            }
        }
        return result
    }
}
