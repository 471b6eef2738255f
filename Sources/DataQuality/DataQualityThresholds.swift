import JSON

/// The thresholds of PRODUCT.md section 8.2; each is overridable in the job's `params`.
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

    /// Defaults overridden by `params` (already validated by the configuration) and the program's
    /// scrape interval.
    public init(params: JSONObject, scrapeInterval: Int, durations: (String) -> Int?) {
        self.scrapeInterval = Double(scrapeInterval)
        func number(_ key: String, _ apply: (Double) -> Void) { if let value = params[key]?.doubleValue { apply(value) } }
        func duration(_ key: String, _ apply: (Double) -> Void) {
            if let text = params[key]?.stringValue, let seconds = durations(text) { apply(Double(seconds)) }
        }
        number("scrapeGapIntervals") { scrapeGapIntervals = $0 }
        duration("scrapeGapFailAfter") { scrapeGapFailAfter = $0 }
        duration("staleAfter") { staleAfter = $0 }
        number("minFinishedPerHour") { minFinishedPerHour = $0 }
        number("successRateWarnPct") { successRateWarnPct = $0 }
        number("successRateFailPct") { successRateFailPct = $0 }
        number("minRequestsPerHour") { minRequestsPerHour = $0 }
        number("latencyP95Seconds") { latencyP95Seconds = $0 }
        number("outlierWarnZ") { outlierWarnZ = $0 }
        number("outlierFailZ") { outlierFailZ = $0 }
        number("outlierMinScalePct") { outlierMinScalePct = $0 }
        number("volumeDropRatio") { volumeDropRatio = $0 }
        duration("frozenAfter") { frozenAfter = $0 }
        if let days = params["trailingDays"]?.intValue { trailingDays = days }
        if let days = params["minComparableDays"]?.intValue { minComparableDays = days }
    }
}
