import FoundationEssentials
import PlatformFigures
import Program
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
    public let step: Int

    public init(prometheus: PrometheusClient, platform: PlatformDatabase, queries: [String: String], step: Int = 300) {
        self.prometheus = prometheus
        self.platform = platform
        self.queries = queries
        self.step = step
    }

    /// What a period's sources say for one tenant (or all): the pure `PlatformFigures.PeriodFigures`.
    public typealias Figures = PeriodFigures

    /// The figures of `tenant` for `[start, end)`, leaving out intervals that overlap `excluded`; without
    /// `gauges` the resolution-time averages are not queried (and are nil).
    public func figures(tenant: UUID?, tenants: [UUID], start: Date, end: Date, excluded: [(Date, Date)],
                        gauges: Bool = true) async throws -> Figures {
        let scope = tenant.map { [$0] } ?? tenants
        return try await fetch(tenants: scope, start: start, end: end, gauges: gauges)
            .figures(tenants: scope, start: start, end: end, excluded: excluded)
    }

    /// The per-tenant, per-interval data of `tenants` over `[start, end)`: one grouped range query per
    /// metric (`sum by (tenant_id, …)`), in requests of at most a day, and one feedback query per tenant
    /// (row-level security reads one tenant per transaction).
    public func fetch(tenants: [UUID], start: Date, end: Date, gauges: Bool = true) async throws -> PeriodData {
        let wanted = Set(tenants)
        let promql = queryTexts(tenants: tenants)
        var data = PeriodData(step: step)
        func tenantOf(_ series: PrometheusSeries) -> UUID? {
            series.labels["tenant_id"].flatMap(UUID.init(uuidString:)).flatMap { wanted.contains($0) ? $0 : nil }
        }
        for series in try await range(promql.status, start, end) {
            guard let tenant = tenantOf(series), let name = series.labels["status"] else { continue }
            data.statusIncreases[tenant, default: [:]][name, default: [:]].merge(series.samples.map { ($0.time,
                $0.value) }) { $1 }
        }
        for series in try await range(promql.latency, start, end) {
            guard let tenant = tenantOf(series), let le = series.labels["le"],
                  let bound = le == "+Inf" ? Double.infinity : Double(le) else { continue }
            data.bucketIncreases[tenant, default: [:]][bound, default: [:]].merge(series.samples.map { ($0.time,
                $0.value) }) { $1 }
        }
        if gauges {
            for (role, query) in [("resolutionBefore", promql.before), ("resolutionAfter", promql.after)] {
                for series in try await range(query, start, end) {
                    guard let tenant = tenantOf(series) else { continue }
                    let values = Dictionary(series.samples.map { ($0.time, $0.value) }, uniquingKeysWith: { $1 })
                    if role == "resolutionBefore" {
                        data.resolutionBefore[tenant, default: [:]].merge(values) { $1 }
                    } else {
                        data.resolutionAfter[tenant, default: [:]].merge(values) { $1 }
                    }
                }
            }
        }
        for tenant in tenants {
            data.feedback[tenant] = try await platform.feedbackRows(tenant: tenant, start: start, end: end)
        }
        return data
    }

    /// The range queries `fetch` runs for `tenants`, exactly as sent (the report's appendix lists them).
    public func queryTexts(tenants: [UUID]) -> (status: String, latency: String, before: String, after: String) {
        let selector = tenants.count == 1 ? "{tenant_id=\"\(tenants[0].uuidString.lowercased())\"}" : ""
        let status = MetricRole.enhancementStatus.metric(in: queries)
        let latency = MetricRole.requestDuration.metric(in: queries)
        let before = MetricRole.resolutionBefore.metric(in: queries)
        let after = MetricRole.resolutionAfter.metric(in: queries)
        return ("sum by (tenant_id, status) (increase(\(status)\(selector)[\(step)s]))",
                "sum by (tenant_id, le) (increase(\(latency)\(selector)[\(step)s]))",
                "avg by (tenant_id) (avg_over_time(\(before)\(selector)[\(step)s]))",
                "avg by (tenant_id) (avg_over_time(\(after)\(selector)[\(step)s]))")
    }

    /// A range query over the intervals ending in `(start, end]`, in requests of at most a day so a
    /// grouped query over many tenants stays well under the client's response limit.
    private func range(_ promql: String, _ start: Date, _ end: Date) async throws -> [PrometheusSeries] {
        var merged: [[String: String]: [PrometheusSeries.Sample]] = [:]
        var chunkStart = start.addingTimeInterval(TimeInterval(step))
        while chunkStart <= end {
            let chunkEnd = min(chunkStart.addingTimeInterval(86_400 - TimeInterval(step)), end)
            for series in try await prometheus.queryRange(promql, start: chunkStart, end: chunkEnd, step: step) {
                merged[series.labels, default: []] += series.samples
            }
            chunkStart = chunkEnd.addingTimeInterval(TimeInterval(step))
        }
        return merged.map { PrometheusSeries(labels: $0.key, samples: $0.value) }
    }
}
