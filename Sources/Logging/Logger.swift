import CivilTime
import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import JSON

/// A structured logger: each call writes one line with time, level, message and fields.
///
/// Loggers are values; `with(_:)` returns a copy carrying extra fields (`job`, `run_id`) that every
/// line of that copy includes.
public struct Logger: Sendable {
    /// Lines below this level are dropped.
    public var minimumLevel: LogLevel
    /// The line format.
    public let format: LogFormat
    /// Fields added to every line.
    public private(set) var fields: [(String, String)]
    private let sink: any LogSink
    private let redactor: Redactor
    private let now: @Sendable () -> Date

    /// Creates a logger writing to `sink`.
    public init(format: LogFormat = .json, minimumLevel: LogLevel = .info, sink: any LogSink = StandardErrorSink(),
                redactor: Redactor = .none, now: @escaping @Sendable () -> Date = Date.init) {
        self.format = format
        self.minimumLevel = minimumLevel
        self.sink = sink
        self.redactor = redactor
        self.now = now
        self.fields = []
    }

    /// `text` with every secret this logger knows masked: for text that is stored or mailed, not only logged.
    public func redact(_ text: String) -> String { redactor.redact(text) }

    /// A copy of this logger that adds `fields` to every line.
    public func with(_ fields: [String: String]) -> Logger {
        var copy = self
        copy.fields += fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return copy
    }

    /// Logs at `debug`.
    public func debug(_ message: String, _ fields: [String: String] = [:]) { log(.debug, message, fields) }
    /// Logs at `info`.
    public func info(_ message: String, _ fields: [String: String] = [:]) { log(.info, message, fields) }
    /// Logs at `warning`.
    public func warning(_ message: String, _ fields: [String: String] = [:]) { log(.warning, message, fields) }
    /// Logs at `error`.
    public func error(_ message: String, _ fields: [String: String] = [:]) { log(.error, message, fields) }

    /// Writes one line at `level` when it is at or above the minimum level.
    public func log(_ level: LogLevel, _ message: String, _ extra: [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        let all = fields + extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let timestamp = Self.formatTimestamp(now())
        let line: String
        switch format {
        case .json:
            var object = JSONObject([("ts", .string(timestamp)), ("level", .string(level.rawValue)),
                                     ("msg", .string(message))])
            for (key, value) in all where object[key] == nil { object[key] = .string(value) }
            line = JSONValue.object(object).jsonText
        case .text:
            let rendered = all.map { "\($0.0)=\(Self.quoteIfNeeded($0.1))" }.joined(separator: " ")
            line = "\(timestamp) \(level.rawValue.uppercased()) \(message)" + (rendered.isEmpty ? "" : " " + rendered)
        }
        sink.write(line: redactor.redact(line))
    }

    private static func quoteIfNeeded(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return value
        }
        var out = ""
        JSONValue.writeString(value, to: &out)
        return out
    }

    /// RFC 3339 in UTC with milliseconds.
    static func formatTimestamp(_ date: Date) -> String { InstantText.utc(date, fractionDigits: 3) }
}
