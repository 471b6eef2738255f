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
///
/// The same computation as the reports' (`PeriodFigureSource`, per-interval increases summed over the
/// day, nothing excluded), so a stored daily figure and a report's daily row always agree.
public struct DailyFigureSource: Sendable {
    let period: PeriodFigureSource

    public init(prometheus: PrometheusClient, platform: PlatformDatabase, queries: [String: String]) {
        period = PeriodFigureSource(prometheus: prometheus, platform: platform, queries: queries)
    }

    /// The figures of `tenant` (all of `tenants` together when nil) for `[start, end)`.
    public func figures(tenant: UUID?, tenants: [UUID] = [], start: Date, end: Date) async throws -> DailyFigures {
        let figures = try await period.figures(tenant: tenant, tenants: tenants, start: start, end: end, excluded: [],
                                               gauges: false)
        let buckets = figures.latencyBuckets
        return DailyFigures(tenantID: tenant, start: start, end: end, tickets: figures.tickets,
                            failures: figures.failures,
                            latencyP50: HistogramQuantile.quantile(0.5,
                                    buckets), latencyP95: HistogramQuantile.quantile(0.95, buckets),
                            latencyP99: HistogramQuantile.quantile(0.99, buckets), feedback: figures.feedback)
    }
}
