import Synchronization

/// The runner's own metrics (PRODUCT.md section 11): counters, gauges and histograms by label values,
/// updated from any thread and rendered in the Prometheus text exposition format 0.0.4. Pure: no I/O,
/// no clock (callers pass timestamps).
public final class MetricsRegistry: Sendable {
    /// One family's declaration.
    public struct Family: Sendable, Hashable {
        public enum Kind: String, Sendable { case counter, gauge, histogram }
        public let name: String
        public let help: String
        public let kind: Kind
        public let labels: [String]
        /// Upper bounds of a histogram's buckets (without +Inf).
        public let buckets: [Double]
        public init(_ name: String, _ kind: Kind, help: String, labels: [String] = [], buckets: [Double] = []) {
            self.name = name
            self.kind = kind
            self.help = help
            self.labels = labels
            self.buckets = buckets
        }
    }

    struct Histogram: Sendable {
        var counts: [Double]
        var sum = 0.0
        var count = 0.0
    }

    struct State: Sendable {
        var values: [String: [[String]: Double]] = [:]
        var histograms: [String: [[String]: Histogram]] = [:]
    }

    private let families: [Family]
    private let state = Mutex(State())

    /// A registry of `families`, rendered in that order.
    public init(_ families: [Family]) { self.families = families }

    private func family(_ name: String) -> Family {
        guard let family = families.first(where: { $0.name == name }) else {
            preconditionFailure("metric \(name) is not declared")
        }
        return family
    }

    /// Adds `amount` to a counter (or gauge).
    public func add(_ name: String, _ labels: [String] = [], _ amount: Double = 1) {
        precondition(family(name).labels.count == labels.count, "\(name) takes \(family(name).labels.count) labels")
        state.withLock { $0.values[name, default: [:]][labels, default: 0] += amount }
    }

    /// Sets a gauge.
    public func set(_ name: String, _ labels: [String] = [], _ value: Double) {
        precondition(family(name).labels.count == labels.count, "\(name) takes \(family(name).labels.count) labels")
        state.withLock { $0.values[name, default: [:]][labels] = value }
    }

    /// Replaces every series of a gauge family (a snapshot such as the anomalies of the last day).
    public func replace(_ name: String, with series: [[String]: Double]) {
        state.withLock { $0.values[name] = series }
    }

    /// Records one observation in a histogram.
    public func observe(_ name: String, _ labels: [String] = [], _ value: Double) {
        let bounds = family(name).buckets
        state.withLock { state in
            var histogram = state.histograms[name]?[labels] ?? Histogram(counts: Array(repeating: 0,
                count: bounds.count))
            for (index, bound) in bounds.enumerated() where value <= bound { histogram.counts[index] += 1 }
            histogram.sum += value
            histogram.count += 1
            state.histograms[name, default: [:]][labels] = histogram
        }
    }

    /// The text exposition (version 0.0.4) of every family, or of those named `only`.
    public func exposition(only: Set<String>? = nil) -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        for family in families where only?.contains(family.name) ?? true {
            out += "# HELP \(family.name) \(Self.escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            if family.kind == .histogram {
                for (labels, histogram) in Self.ordered(snapshot.histograms[family.name] ?? [:]) {
                    for (index, bound) in family.buckets.enumerated() {
                        let le = Self.labels(family.labels + ["le"], labels + [Self.number(bound)])
                        out += "\(family.name)_bucket\(le) \(Self.number(histogram.counts[index]))\n"
                    }
                    out += "\(family.name)_bucket\(Self.labels(family.labels + ["le"], labels + ["+Inf"])) "
                        + "\(Self.number(histogram.count))\n"
                    out += "\(family.name)_sum\(Self.labels(family.labels, labels)) \(Self.number(histogram.sum))\n"
                    out += "\(family.name)_count\(Self.labels(family.labels, labels)) \(Self.number(histogram.count))\n"
                }
            } else {
                for (labels, value) in Self.ordered(snapshot.values[family.name] ?? [:]) {
                    out += "\(family.name)\(Self.labels(family.labels, labels)) \(Self.number(value))\n"
                }
            }
        }
        return out
    }

    /// Series in a stable order (by label values), so scrapes diff cleanly.
    static func ordered<T>(_ series: [[String]: T]) -> [(key: [String], value: T)] {
        series.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    static func labels(_ names: [String], _ values: [String]) -> String {
        guard !names.isEmpty else { return "" }
        return "{" + zip(names, values).map { "\($0)=\"\(escapeValue($1))\"" }.joined(separator: ",") + "}"
    }

    /// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
    static func escapeValue(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// HELP text escapes backslash and line feed.
    static func escapeHelp(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// Integers without a fraction, others in Swift's shortest round-trip form; `+Inf`, `-Inf`, `NaN`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
