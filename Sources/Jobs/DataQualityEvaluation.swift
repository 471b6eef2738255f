import CivilTime
import Cron
import DataQuality
import Formatting
import FoundationEssentials
import PlatformData
import Program
import Prometheus
import Statistics
import Store

/// One data-quality evaluation of a local day: fetches what the checks need, runs them per tenant and
/// overall, and collects findings and per-check results. Any source error propagates (the run fails).
struct Evaluation {
    let day: String
    let start: Date
    let end: Date
    let thresholds: DataQualityThresholds
    let queries: [String: String]
    let prometheus: PrometheusClient
    let platform: PlatformDatabase
    let figures: DailyFigureStore
    let zone: Zone
    /// Extra series selectors that must report all day (`params.requiredSeries`).
    var requiredSeries: [String] = []

    private(set) var findings: [Finding] = []
    private(set) var checkRecords: [CheckRecord] = []

    struct CheckRecord {
        let tenant: UUID?
        let kind: String
        let status: CheckStatus
        let observed: Double?
        let expected: Double?
        let details: String?
    }

    init(day: String, start: Date, end: Date, thresholds: DataQualityThresholds, queries: [String: String],
         prometheus: PrometheusClient,
         platform: PlatformDatabase, figures: DailyFigureStore, zone: Zone) {
        self.day = day
        self.start = start
        self.end = end
        self.thresholds = thresholds
        self.queries = queries
        self.prometheus = prometheus
        self.platform = platform
        self.figures = figures
        self.zone = zone
    }

    private var seconds: Int { Int(end.timeIntervalSince(start).rounded()) }
    private func metric(_ role: MetricRole) -> String { role.metric(in: queries) }

    mutating func run(tenants: [UUID]) async throws {
        try await scrapeGaps()
        let hourly = try await hourlyCounts()
        try await staleSeries(tenants: tenants)
        try await successRates(hourly: hourly, tenants: tenants)
        try await latency(tenants: tenants)
        try await frozen(hourly: hourly, tenants: tenants)
        let source = DailyFigureSource(prometheus: prometheus, platform: platform, queries: queries)
        for tenant in [nil] + tenants.map(Optional.some) {
            let daily = try await source.figures(tenant: tenant, tenants: tenants, start: start, end: end)
            try await figures.save(Self.row(day, tenant, start, end, daily))
            try await trailingComparisons(tenant: tenant, tenants: tenants, daily: daily)
            if let tenant {
                let feedbackRows = daily.feedback.ratingCount + daily.feedback.thumbsUp + daily.feedback.thumbsDown
                let gap = (daily.tickets ?? 0) > 0 && feedbackRows == 0
                let finding = gap ? Finding(kind: "feedback_gap", metric: "enhancement_feedback", tenantID: tenant,
                                            severity: .warn, start: start,
                                            end: end, observed: 0, expected: nil,
                                            message: "\(Format.fixed(daily.tickets ?? 0, 0)) enhancements and no "
                                                + "feedback rows") : nil
                record("feedback_gap", tenant, finding.map { [$0] } ?? [], observed: Double(feedbackRows))
            }
        }
    }

    // MARK: - Checks

    private mutating func scrapeGaps() async throws {
        let up = try await prometheus.query("\(metric(.up))[\(seconds)s]", at: end)
        if up.isEmpty {
            record("scrape_gap", nil, [Finding(kind: "scrape_gap", metric: "up", tenantID: nil, severity: .fail,
                                               start: start, end: end,
                                               observed: nil, expected: thresholds.scrapeInterval,
                                               message: "no up samples at all this day")])
            return
        }
        var all: [Finding] = []
        for series in up {
            all += Checks.scrapeGaps(target: series.labels["job"] ?? "?", times: times(series), start: start, end: end,
                                     thresholds)
        }
        record("scrape_gap", nil, all)
    }

    private mutating func staleSeries(tenants: [UUID]) async throws {
        let status = metric(.enhancementStatus)
        let latency = metric(.requestDuration)
        let count = latency.hasSuffix("_bucket") ? String(latency.dropLast(7)) + "_count" : latency
        let queue = metric(.queueDepth)
        let before = metric(.resolutionBefore)
        let after = metric(.resolutionAfter)
        var all: [Finding] = []
        for selector in [queue] + requiredSeries {
            all += try await stale(selector, tenant: nil)
        }
        for tenant in tenants {
            let id = tenant.uuidString.lowercased()
            for name in ["\(status){tenant_id=\"\(id)\",status=\"success\"}", "\(count){tenant_id=\"\(id)\"}",
                         "\(before){tenant_id=\"\(id)\"}", "\(after){tenant_id=\"\(id)\"}"] {
                all += try await stale(name, tenant: tenant)
            }
        }
        record("stale_series", nil, all)
    }

    private func stale(_ selector: String, tenant: UUID?) async throws -> [Finding] {
        let series = try await prometheus.query("\(selector)[\(seconds)s]", at: end)
        let sampleTimes = series.flatMap { times($0) }
        return Checks.staleSeries(metric: selector, tenantID: tenant, times: sampleTimes, start: start, end: end,
                                  thresholds)
    }

    /// Finished enhancements per tenant (nil: overall) and hour.
    private func hourlyCounts() async throws -> [UUID?: [Checks.HourCounts]] {
        let status = metric(.enhancementStatus)
        let series = try await prometheus.queryRange("sum by (tenant_id, status) (increase(\(status)[1h]))",
                                                     start: start.addingTimeInterval(3600), end: end, step: 3600)
        var perTenant: [UUID?: [Date: (Double, Double)]] = [:]
        for item in series {
            let tenant = item.labels["tenant_id"].flatMap(UUID.init(uuidString:))
            for sample in item.samples where !sample.value.isNaN {
                for key in [tenant, nil] as [UUID?] {
                    var entry = perTenant[key, default: [:]][sample.time, default: (0, 0)]
                    if item.labels["status"] == "success" { entry.0 += sample.value } else { entry.1 += sample.value }
                    perTenant[key, default: [:]][sample.time] = entry
                }
            }
        }
        return perTenant.mapValues { hours in
            hours.sorted { $0.key < $1.key }.map { Checks.HourCounts(start: $0.key.addingTimeInterval(-3600),
                    end: $0.key, success: $0.value.0, failure: $0.value.1) }
        }
    }

    private mutating func successRates(hourly: [UUID?: [Checks.HourCounts]], tenants: [UUID]) async throws {
        for tenant in [nil] + tenants.map(Optional.some) {
            record("success_rate_drop", tenant,
                   Checks.successRateDrops(hourly[tenant] ?? [], tenantID: tenant, thresholds))
        }
    }

    private mutating func latency(tenants: [UUID]) async throws {
        let latency = metric(.requestDuration)
        let series = try await prometheus.queryRange("sum by (tenant_id, le) (increase(\(latency)[1h]))",
                                                     start: start.addingTimeInterval(3600), end: end, step: 3600)
        var buckets: [UUID?: [Date: [Double: Double]]] = [:]
        for item in series {
            guard let le = item.labels["le"], let bound = le == "+Inf" ? Double.infinity : Double(le) else { continue }
            let tenant = item.labels["tenant_id"].flatMap(UUID.init(uuidString:))
            for sample in item.samples where !sample.value.isNaN {
                for key in [tenant, nil] as [UUID?] { buckets[key, default: [:]][sample.time, default: [:]][bound,
                        default: 0] += sample.value }
            }
        }
        for tenant in [nil] + tenants.map(Optional.some) {
            let hours = (buckets[tenant] ?? [:]).sorted { $0.key < $1.key }.map { hourEnd, counts in
                Checks.HourHistogram(start: hourEnd.addingTimeInterval(-3600), end: hourEnd,
                                     buckets: counts.map { HistogramQuantile.Bucket(upperBound: $0.key,
                                             count: $0.value) })
            }
            record("latency_breach", tenant, Checks.latencyBreaches(hours, tenantID: tenant, thresholds))
        }
    }

    private mutating func frozen(hourly: [UUID?: [Checks.HourCounts]], tenants: [UUID]) async throws {
        func traffic(_ tenant: UUID?) -> (Date, Date) -> Bool {
            let hours = hourly[tenant] ?? []
            return { from, to in hours.contains { $0.end > from && $0.start < to && $0.success + $0.failure > 0 } }
        }
        var all: [Finding] = []
        let queue = metric(.queueDepth)
        for series in try await prometheus.query("\(queue)[\(seconds)s]", at: end) {
            all += Checks.frozen(metric: queue, tenantID: nil, samples: samples(series), hadTraffic: traffic(nil),
                                 thresholds)
        }
        for role in [MetricRole.resolutionBefore, .resolutionAfter] {
            let name = metric(role)
            for series in try await prometheus.query("\(name)[\(seconds)s]", at: end) {
                let tenant = series.labels["tenant_id"].flatMap(UUID.init(uuidString:))
                guard tenant == nil || tenants.contains(tenant!) else { continue }
                all += Checks.frozen(metric: name, tenantID: tenant, samples: samples(series),
                                     hadTraffic: traffic(tenant), thresholds)
            }
        }
        record("frozen_series", nil, all)
    }

    private mutating func trailingComparisons(tenant: UUID?, tenants: [UUID], daily: DailyFigures) async throws {
        let weekend = Self.isWeekend(day)
        var trailing: [LocalDay] = []
        var cursor = LocalDay.day(day, in: zone)
        for _ in 0..<thresholds.trailingDays {
            cursor = cursor.previous
            if Self.isWeekend(cursor.date) == weekend { trailing.append(cursor) }
        }
        var stored = try await figures.days(tenantID: tenant, from: trailing.last?.date ?? day, to: day)
        // Days no earlier run stored (a first run, a new deployment) are computed from the sources once.
        let known = Set(stored.map(\.day))
        let source = DailyFigureSource(prometheus: prometheus, platform: platform, queries: queries)
        for missing in trailing where !known.contains(missing.date) {
            let past = try await source.figures(tenant: tenant, tenants: tenants, start: missing.start,
                                                end: missing.end)
            guard past.tickets != nil else { continue }  // no data that day: not comparable
            let row = Self.row(missing.date, tenant, missing.start, missing.end, past)
            try await figures.save(row)
            stored.append(row)
        }
        let comparable = stored.filter { Self.isWeekend($0.day) == weekend }
        let (volumeStatus, volumeFinding) = Checks.volumeDrop(value: daily.tickets,
                comparable: comparable.compactMap(\.tickets),
                                                              tenantID: tenant, start: start, end: end, thresholds)
        record("volume_drop", tenant, volumeFinding.map { [$0] } ?? [], status: volumeStatus, observed: daily.tickets)
        var outliers: [Finding] = []
        var statuses: [CheckStatus] = []
        for (name, value, history) in [("success_rate_pct", daily.successRatePct,
                                        comparable.compactMap(\.successRatePct)),
                                       ("latency_p95_seconds", daily.latencyP95, comparable.compactMap(\.latencyP95)),
                                       ("tickets", daily.tickets, comparable.compactMap(\.tickets))] {
            let (status, finding) = Checks.outlier(figure: name, value: value, comparable: history, tenantID: tenant,
                                                   start: start, end: end, thresholds)
            statuses.append(status)
            if let finding { outliers.append(finding) }
        }
        let overall: CheckStatus = statuses.contains(.fail) ? .fail : statuses.contains(.warn) ? .warn
            : statuses.allSatisfy { $0 == .notEvaluated } ? .notEvaluated : .pass
        record("outlier", tenant, outliers, status: overall, details: "\(comparable.count) comparable days")
    }

    // MARK: - Helpers

    static func row(_ day: String, _ tenant: UUID?, _ start: Date, _ end: Date,
                    _ daily: DailyFigures) -> DailyFigureStore.Row {
        DailyFigureStore.Row(day: day, tenantID: tenant, periodStart: start, periodEnd: end, tickets: daily.tickets,
                             failures: daily.failures,
                             successRatePct: daily.successRatePct, latencyP50: daily.latencyP50,
                             latencyP95: daily.latencyP95,
                             latencyP99: daily.latencyP99, ratingCount: daily.feedback.ratingCount,
                             averageRating: daily.feedback.averageRating,
                             thumbsUp: daily.feedback.thumbsUp, thumbsDown: daily.feedback.thumbsDown)
    }

    private mutating func record(_ kind: String, _ tenant: UUID?, _ found: [Finding], status: CheckStatus? = nil,
                                 observed: Double? = nil, details: String? = nil) {
        findings += found
        checkRecords.append(CheckRecord(tenant: tenant, kind: kind, status: status ?? CheckStatus.of(found),
                                        observed: observed ?? Double(found.count),
                                        expected: nil, details: details ?? found.first?.message))
    }

    private func times(_ series: PrometheusSeries) -> [Date] {
        series.samples.map(\.time).filter { $0 >= start && $0 < end }
    }

    private func samples(_ series: PrometheusSeries) -> [(Date, Double)] {
        series.samples.filter { $0.time >= start && $0.time < end }.map { ($0.time, $0.value) }
    }

    static func isWeekend(_ day: String) -> Bool {
        guard let (year, month, dayOfMonth) = TimeText.parseDate(day) else { return false }
        let weekday = CivilTime.weekday(days: CivilTime.days(year: year, month: month, day: dayOfMonth))
        return weekday == 0 || weekday == 6  // Sunday, Saturday
    }
}
