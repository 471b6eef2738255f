import Formatting
import FoundationEssentials
import Statistics

/// The checks of PRODUCT.md section 8.2 as pure functions over data already fetched.
public enum Checks {
    /// Silences in a series: windows `[previous sample + interval, next sample)` (from the day's start,
    /// to its end) at least `minimum` seconds long. With the scrape interval, a window's length is the
    /// time of the missed scrapes: four missed 15 s scrapes make a 60 s window.
    public static func silences(_ times: [Date], start: Date, end: Date, minimum: Double,
                                interval: Double) -> [(Date, Date)] {
        var windows: [(Date, Date)] = []
        var expected = start  // when the next sample was due
        for time in times.sorted() where time >= start && time < end {
            if time.timeIntervalSince(expected) >= minimum { windows.append((expected, time)) }
            expected = max(expected, time.addingTimeInterval(interval))
        }
        if end.timeIntervalSince(expected) >= minimum { windows.append((expected, end)) }
        return windows
    }

    /// `scrape_gap`: a target with no `up` samples for at least N scrape intervals; fail from 30 minutes.
    public static func scrapeGaps(target: String, times: [Date], start: Date, end: Date,
                                  _ t: DataQualityThresholds) -> [Finding] {
        silences(times, start: start, end: end, minimum: t.scrapeGapIntervals * t.scrapeInterval,
                 interval: t.scrapeInterval).map { window in
            let length = window.1.timeIntervalSince(window.0)
            return Finding(kind: "scrape_gap", metric: "up{job=\"\(target)\"}", tenantID: nil,
                           severity: length >= t.scrapeGapFailAfter ? .fail : .warn, start: window.0, end: window.1,
                           observed: length, expected: t.scrapeInterval,
                           message: "target \(target) was not scraped for \(minutes(length)) min")
        }
    }

    /// `stale_series`: a required series absent, or silent for longer than `staleAfter`.
    public static func staleSeries(metric: String, tenantID: UUID?, times: [Date], start: Date, end: Date,
                                   _ t: DataQualityThresholds) -> [Finding] {
        if times.isEmpty {
            return [Finding(kind: "stale_series", metric: metric, tenantID: tenantID, severity: .fail, start: start,
                            end: end,
                            observed: nil, expected: nil, message: "\(metric) has no samples this day")]
        }
        return silences(times, start: start, end: end, minimum: t.staleAfter, interval: 0).map { window in
            Finding(kind: "stale_series", metric: metric, tenantID: tenantID, severity: .fail, start: window.0,
                    end: window.1,
                    observed: window.1.timeIntervalSince(window.0), expected: t.staleAfter,
                    message: "\(metric) was silent for \(minutes(window.1.timeIntervalSince(window.0))) min")
        }
    }

    /// One hour's finished enhancements.
    public struct HourCounts: Sendable {
        public let start: Date
        public let end: Date
        public let success: Double
        public let failure: Double
        public init(start: Date, end: Date, success: Double, failure: Double) {
            self.start = start
            self.end = end
            self.success = success
            self.failure = failure
        }
    }

    /// `success_rate_drop`: an hour with enough finished enhancements and a success rate under the
    /// thresholds (warn under 95 %, fail under 90 %).
    public static func successRateDrops(_ hours: [HourCounts], tenantID: UUID?,
                                        _ t: DataQualityThresholds) -> [Finding] {
        hours.compactMap { hour in
            let finished = hour.success + hour.failure
            guard finished >= t.minFinishedPerHour else { return nil }
            let rate = 100 * hour.success / finished
            guard rate < t.successRateWarnPct else { return nil }
            return Finding(kind: "success_rate_drop", metric: "success_rate_pct", tenantID: tenantID,
                           severity: rate < t.successRateFailPct ? .fail : .warn, start: hour.start, end: hour.end,
                           observed: rate, expected: t.successRateWarnPct,
                           message: "success rate \(Format.fixed(rate, 1)) % over \(Format.fixed(finished, 0)) "
                               + "finished enhancements "
                               + "(threshold \(Format.fixed(t.successRateWarnPct, 0)) %)")
        }
    }

    /// One hour's latency histogram (bucket increases).
    public struct HourHistogram: Sendable {
        public let start: Date
        public let end: Date
        public let buckets: [HistogramQuantile.Bucket]
        public init(start: Date, end: Date, buckets: [HistogramQuantile.Bucket]) {
            self.start = start
            self.end = end
            self.buckets = buckets
        }
    }

    /// `latency_breach`: an hour with enough requests and p95 over the threshold.
    public static func latencyBreaches(_ hours: [HourHistogram], tenantID: UUID?,
                                       _ t: DataQualityThresholds) -> [Finding] {
        hours.compactMap { hour in
            let requests = hour.buckets.first { $0.upperBound == .infinity }?.count ?? 0
            guard requests >= t.minRequestsPerHour, let p95 = HistogramQuantile.quantile(0.95, hour.buckets),
                  p95 > t.latencyP95Seconds else { return nil }
            return Finding(kind: "latency_breach", metric: "latency_p95_seconds", tenantID: tenantID, severity: .fail,
                           start: hour.start, end: hour.end, observed: p95, expected: t.latencyP95Seconds,
                           message: "p95 latency \(Format.fixed(p95, 1)) s over \(Format.fixed(requests, 0)) "
                               + "requests (threshold \(Format.fixed(t.latencyP95Seconds, 0)) s)")
        }
    }

    /// `frozen_series`: a gauge unchanged for `frozenAfter` while there was traffic; one finding per streak.
    public static func frozen(metric: String, tenantID: UUID?, samples: [(Date, Double)],
                              hadTraffic: (Date, Date) -> Bool,
                              _ t: DataQualityThresholds) -> [Finding] {
        var findings: [Finding] = []
        var index = 0
        let sorted = samples.sorted { $0.0 < $1.0 }
        while index < sorted.count {
            var last = index
            while last + 1 < sorted.count && sorted[last + 1].1 == sorted[index].1 { last += 1 }
            let start = sorted[index].0, end = sorted[last].0
            if end.timeIntervalSince(start) >= t.frozenAfter && hadTraffic(start, end) {
                findings.append(Finding(kind: "frozen_series", metric: metric, tenantID: tenantID, severity: .fail,
                                        start: start, end: end,
                                        observed: sorted[index].1, expected: nil,
                                        message: "\(metric) stayed at \(sorted[index].1) for "
                                            + "\(minutes(end.timeIntervalSince(start))) min while there was traffic"))
            }
            index = last + 1
        }
        return findings
    }

    /// `outlier`: a daily figure beyond robust z 3.5 (warn) or 5 (fail) against comparable trailing
    /// days; `not_evaluated` with fewer than `minComparableDays` of them.
    public static func outlier(figure: String, value: Double?, comparable: [Double], tenantID: UUID?, start: Date,
                               end: Date,
                               _ t: DataQualityThresholds) -> (CheckStatus, Finding?) {
        guard let value, comparable.count >= t.minComparableDays else { return (.notEvaluated, nil) }
        let floor = abs(Statistics.median(comparable) ?? 0) * t.outlierMinScalePct / 100
        guard let z = Statistics.robustZ(value, reference: comparable, minimumScale: floor),
              abs(z) > t.outlierWarnZ else { return (.pass, nil) }
        let severity: AnomalySeverity = abs(z) > t.outlierFailZ ? .fail : .warn
        let median = Statistics.median(comparable)
        return (severity == .fail ? .fail : .warn,
                Finding(kind: "outlier", metric: figure, tenantID: tenantID, severity: severity, start: start,
                        end: end, observed: value,
                        expected: median,
                        message: "\(Self.words(figure)) \(Self.amount(value, figure)) is unusual against the "
                            + "median \(Self.amount(median ?? 0, figure)) of \(comparable.count) comparable days "
                            + "(robust z \(Format.fixed(z, 1)))"))
    }

    /// A daily figure's name as people read it.
    static func words(_ figure: String) -> String {
        switch figure {
        case "success_rate_pct": return "success rate"
        case "latency_p95_seconds": return "p95 latency"
        case "tickets": return "tickets"
        default: return figure
        }
    }

    /// A daily figure's value with its unit.
    static func amount(_ value: Double, _ figure: String) -> String {
        switch figure {
        case "success_rate_pct": return Format.fixed(value, 1) + " %"
        case "latency_p95_seconds": return Format.fixed(value, 1) + " s"
        case "tickets": return Format.fixed(value, 0) + " tickets"
        default: return Format.fixed(value, 2)
        }
    }

    /// `volume_drop`: daily volume under half the median of comparable days.
    public static func volumeDrop(value: Double?, comparable: [Double], tenantID: UUID?, start: Date, end: Date,
                                  _ t: DataQualityThresholds) -> (CheckStatus, Finding?) {
        guard let value, comparable.count >= t.minComparableDays,
              let median = Statistics.median(comparable) else { return (.notEvaluated, nil) }
        guard value < median * t.volumeDropRatio else { return (.pass, nil) }
        return (.fail, Finding(kind: "volume_drop", metric: "tickets", tenantID: tenantID, severity: .fail,
                               start: start, end: end,
                               observed: value, expected: median,
                               message: "\(Format.fixed(value, 0)) enhancements, under "
                                   + "\(Format.fixed(t.volumeDropRatio * 100, 0)) % of the "
                                               + "comparable days' median \(Format.fixed(median, 0))"))
    }

    private static func minutes(_ seconds: Double) -> String { Format.fixed(seconds / 60, 0) }
}
