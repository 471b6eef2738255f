import FoundationEssentials
import Prometheus
import Statistics

/// One tenant's figures for one local day: what the data-quality check stores and reports read.
public struct DailyFigures: Sendable, Equatable {
    /// The tenant, or nil for all tenants together.
    public var tenantID: UUID?
    public var start: Date
    public var end: Date
    /// Successful enhancements (counter increase).
    public var tickets: Double?
    /// Failed enhancements.
    public var failures: Double?
    /// success / (success + failure) × 100, or nil without finished enhancements.
    public var successRatePct: Double? {
        guard let tickets, let failures, tickets + failures > 0 else { return nil }
        return 100 * tickets / (tickets + failures)
    }
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var latencyP99: Double?
    public var feedback: PlatformDatabase.FeedbackSummary
}

/// Computes daily figures from Prometheus (counters and histograms) and the platform database
/// (feedback), with the metric names of `queries` (defaults of PRODUCT.md section 2.1).
public struct DailyFigureSource: Sendable {
    let prometheus: PrometheusClient
    let platform: PlatformDatabase
    let queries: [String: String]

    public init(prometheus: PrometheusClient, platform: PlatformDatabase, queries: [String: String]) {
        self.prometheus = prometheus
        self.platform = platform
        self.queries = queries
    }

    /// The figures of `tenant` (all of `tenants` together when nil) for `[start, end)`.
    public func figures(tenant: UUID?, tenants: [UUID] = [], start: Date, end: Date) async throws -> DailyFigures {
        let selector = tenant.map { "{tenant_id=\"\($0.uuidString.lowercased())\"}" } ?? ""
        let seconds = Int(end.timeIntervalSince(start).rounded())
        let status = queries["enhancementStatus"] ?? "enhancement_success_rate_total"
        let latency = queries["requestDuration"] ?? "request_duration_seconds_bucket"
        let counts = try await prometheus.query("sum by (status) (increase(\(status)\(selector)[\(seconds)s]))", at: end)
        func count(_ name: String) -> Double? {
            counts.first { $0.labels["status"] == name }?.samples.first.map(\.value)
        }
        let bucketSeries = try await prometheus.query("sum by (le) (increase(\(latency)\(selector)[\(seconds)s]))", at: end)
        let buckets = bucketSeries.compactMap { series -> HistogramQuantile.Bucket? in
            guard let le = series.labels["le"], let bound = le == "+Inf" ? Double.infinity : Double(le),
                  let value = series.samples.first?.value else { return nil }
            return HistogramQuantile.Bucket(upperBound: bound, count: value)
        }
        let feedback = try await platform.feedback(tenants: tenant.map { [$0] } ?? tenants, start: start, end: end)
        return DailyFigures(tenantID: tenant, start: start, end: end, tickets: count("success") ?? (counts.isEmpty ? nil : 0),
                            failures: count("failure") ?? (counts.isEmpty ? nil : 0),
                            latencyP50: HistogramQuantile.quantile(0.5, buckets), latencyP95: HistogramQuantile.quantile(0.95, buckets),
                            latencyP99: HistogramQuantile.quantile(0.99, buckets), feedback: feedback)
    }
}
