/// The thresholds of PRODUCT.md section 8.2; each is overridable in the job's `params` under the name
/// `parameters` lists.
public struct DataQualityThresholds: Sendable, Equatable {
    public var scrapeInterval: Double = 15
    public var scrapeGapIntervals: Double = 4
    public var scrapeGapFailAfter: Double = 1800
    public var staleAfter: Double = 600
    public var minFinishedPerHour: Double = 20
    public var successRateWarnPct: Double = 95
    public var successRateFailPct: Double = 90
    public var minRequestsPerHour: Double = 20
    public var latencyP95Seconds: Double = 60
    public var outlierWarnZ: Double = 3.5
    public var outlierFailZ: Double = 5
    /// The MAD is at least this percentage of the median for the robust z of `outlier` (default 1 %), so
    /// a figure must move noticeably, not just beyond the spread of unusually steady days.
    public var outlierMinScalePct: Double = 1
    public var volumeDropRatio: Double = 0.5
    public var frozenAfter: Double = 21_600
    public var trailingDays: Int = 28
    public var minComparableDays: Int = 4

    /// The defaults.
    public init() {}

    /// Defaults overridden by the values `parameter` gives by name (durations in seconds), and the
    /// program's scrape interval.
    public init(scrapeInterval: Int, parameter: (Parameter) -> Double?) {
        self.scrapeInterval = Double(scrapeInterval)
        for name in Self.parameters {
            if let value = parameter(name) { self[name] = value }
        }
    }

    /// One overridable threshold: its `params` key, how it is written, what it means and where it is kept.
    public struct Parameter: Sendable {
        /// How a value is written in `params`.
        public enum Unit: Sendable, Hashable {
            /// A number.
            case number
            /// A whole number from 1.
            case count
            /// A duration (`30m`), in seconds here.
            case duration
        }

        /// The key in `params`.
        public let name: String
        /// How it is written.
        public let unit: Unit
        /// What it means, for the job reference.
        public let summary: String
        fileprivate let field: Field

        fileprivate enum Field: Sendable {
            case double(WritableKeyPath<DataQualityThresholds, Double> & Sendable)
            case int(WritableKeyPath<DataQualityThresholds, Int> & Sendable)
        }

        fileprivate init(_ name: String, _ field: WritableKeyPath<DataQualityThresholds, Double> & Sendable,
                         _ summary: String) {
            self.init(name, field, .number, summary)
        }

        fileprivate init(_ name: String, _ field: WritableKeyPath<DataQualityThresholds, Double> & Sendable,
                         _ unit: Unit, _ summary: String) {
            self.name = name
            self.unit = unit
            self.summary = summary
            self.field = .double(field)
        }

        fileprivate init(_ name: String, count field: WritableKeyPath<DataQualityThresholds, Int> & Sendable,
                         _ summary: String) {
            self.name = name
            self.unit = .count
            self.summary = summary
            self.field = .int(field)
        }
    }

    /// Every overridable threshold, in the order of section 8.2's table.
    public static let parameters: [Parameter] = [
        Parameter("scrapeGapIntervals", \.scrapeGapIntervals, .count, "`scrape_gap`: scrape intervals without `up`"),
        Parameter("scrapeGapFailAfter", \.scrapeGapFailAfter, .duration, "`scrape_gap` is fail from this long"),
        Parameter("staleAfter", \.staleAfter, .duration, "`stale_series`: silence before the day's end"),
        Parameter("minFinishedPerHour", \.minFinishedPerHour, .count, "`success_rate_drop`: finished an hour to judge"),
        Parameter("successRateWarnPct", \.successRateWarnPct, "`success_rate_drop` warns under this %"),
        Parameter("successRateFailPct", \.successRateFailPct, "`success_rate_drop` fails under this %"),
        Parameter("minRequestsPerHour", \.minRequestsPerHour, .count, "`latency_breach`: requests an hour to judge"),
        Parameter("latencyP95Seconds", \.latencyP95Seconds, "`latency_breach`: hourly p95 limit in seconds"),
        Parameter("outlierWarnZ", \.outlierWarnZ, "`outlier` warns beyond this robust z"),
        Parameter("outlierFailZ", \.outlierFailZ, "`outlier` fails beyond this robust z"),
        Parameter("outlierMinScalePct", \.outlierMinScalePct, "`outlier`: spread at least this % of the median"),
        Parameter("volumeDropRatio", \.volumeDropRatio, "`volume_drop`: under this share of the trailing median"),
        Parameter("frozenAfter", \.frozenAfter, .duration, "`frozen_series`: unchanged this long with traffic"),
        Parameter("trailingDays", count: \.trailingDays, "days looked back for comparable days"),
        Parameter("minComparableDays", count: \.minComparableDays, "comparable days needed, else `not_evaluated`"),
    ]

    /// The value of `parameter` (durations in seconds).
    public subscript(parameter: Parameter) -> Double {
        get {
            switch parameter.field {
            case .double(let path): return self[keyPath: path]
            case .int(let path): return Double(self[keyPath: path])
            }
        }
        set {
            switch parameter.field {
            case .double(let path): self[keyPath: path] = newValue
            case .int(let path): self[keyPath: path] = Int(newValue)
            }
        }
    }
}
