import FoundationEssentials
import Prometheus
import Statistics

/// Figures over a period with excluded windows left out (PRODUCT.md sections 2.1 and 8.3): counters and
/// histogram buckets are summed from per-interval increases over the kept intervals, so quantiles come
/// from the kept observations, never from averaging quantiles; gauges are time-averaged over kept
/// intervals.
public struct PeriodFigureSource: Sendable {
    let prometheus: PrometheusClient
    let platform: PlatformDatabase
    let queries: [String: String]
    /// The interval of the per-interval increases, in seconds.
    let step: Int

    public init(prometheus: PrometheusClient, platform: PlatformDatabase, queries: [String: String], step: Int = 300) {
        self.prometheus = prometheus
        self.platform = platform
        self.queries = queries
        self.step = step
    }

    /// What a period's sources say for one tenant (or all, tenant nil).
    public struct Figures: Sendable, Equatable {
        public var tickets: Double?
        public var failures: Double?
        public var latencyBuckets: [HistogramQuantile.Bucket]
        public var resolutionBefore: Double?
        public var resolutionAfter: Double?
        public var feedback: PlatformDatabase.FeedbackSummary
        /// Seconds of the period left after exclusions.
        public var keptSeconds: Double

        public init(tickets: Double?, failures: Double?, latencyBuckets: [HistogramQuantile.Bucket], resolutionBefore: Double?,
                    resolutionAfter: Double?, feedback: PlatformDatabase.FeedbackSummary, keptSeconds: Double) {
            self.tickets = tickets
            self.failures = failures
            self.latencyBuckets = latencyBuckets
            self.resolutionBefore = resolutionBefore
            self.resolutionAfter = resolutionAfter
            self.feedback = feedback
            self.keptSeconds = keptSeconds
        }
    }

    /// The figures of `tenant` for `[start, end)`, leaving out intervals that overlap `excluded`; without
    /// `gauges` the resolution-time averages are not queried (and are nil).
    public func figures(tenant: UUID?, tenants: [UUID], start: Date, end: Date, excluded: [(Date, Date)],
                        gauges: Bool = true) async throws -> Figures {
        let selector = tenant.map { "{tenant_id=\"\($0.uuidString.lowercased())\"}" } ?? ""
        let status = queries["enhancementStatus"] ?? "enhancement_success_rate_total"
        let latency = queries["requestDuration"] ?? "request_duration_seconds_bucket"
        let first = start.addingTimeInterval(TimeInterval(step))
        func kept(_ time: Date) -> Bool {
            let from = time.addingTimeInterval(-TimeInterval(step))
            return time <= end && !excluded.contains { $0.0 < time && from < $0.1 }
        }
        let counts = try await prometheus.queryRange("sum by (status) (increase(\(status)\(selector)[\(step)s]))", start: first, end: end, step: step)
        func total(_ name: String) -> Double? {
            guard let series = counts.first(where: { $0.labels["status"] == name }) else { return counts.isEmpty ? nil : 0 }
            return series.samples.filter { kept($0.time) && !$0.value.isNaN }.reduce(0) { $0 + $1.value }
        }
        let bucketSeries = try await prometheus.queryRange("sum by (le) (increase(\(latency)\(selector)[\(step)s]))", start: first, end: end, step: step)
        let buckets = bucketSeries.compactMap { series -> HistogramQuantile.Bucket? in
            guard let le = series.labels["le"], let bound = le == "+Inf" ? Double.infinity : Double(le) else { return nil }
            return HistogramQuantile.Bucket(upperBound: bound, count: series.samples.filter { kept($0.time) && !$0.value.isNaN }.reduce(0) { $0 + $1.value })
        }
        let feedback = try await platform.feedback(tenants: tenant.map { [$0] } ?? tenants, start: start, end: end)
        var intervals = 0
        var cursor = first
        while cursor <= end {
            if kept(cursor) { intervals += 1 }
            cursor = cursor.addingTimeInterval(TimeInterval(step))
        }
        let before = gauges ? try await gaugeAverage(queries["resolutionBefore"] ?? "resolution_time_before_enhancement", selector, first, end, kept) : nil
        let after = gauges ? try await gaugeAverage(queries["resolutionAfter"] ?? "resolution_time_after_enhancement", selector, first, end, kept) : nil
        return Figures(tickets: total("success"), failures: total("failure"), latencyBuckets: buckets, resolutionBefore: before,
                       resolutionAfter: after, feedback: feedback, keptSeconds: Double(intervals * step))
    }

    /// The time average of a gauge (averaged across its series) over the kept intervals.
    private func gaugeAverage(_ name: String, _ selector: String, _ first: Date, _ end: Date, _ kept: (Date) -> Bool) async throws -> Double? {
        let series = try await prometheus.queryRange("avg(avg_over_time(\(name)\(selector)[\(step)s]))", start: first, end: end, step: step)
        return Statistics.mean(series.flatMap(\.samples).filter { kept($0.time) && $0.value.isFinite }.map(\.value))
    }
}
