import Config
import Cron
import FoundationEssentials
import JSON
import PlatformData
import Statistics

/// The figures object every report archives (PRODUCT.md section 8.3), assembled from source figures.
/// Pure: no I/O. Null wherever a figure has no data, never a made-up zero.
public enum ReportFigures {
    /// A window left out of the figures, and why.
    public struct ExcludedWindow: Sendable, Equatable {
        public let kind: String
        public let start: Date
        public let end: Date
        public let reason: String?
        public init(kind: String, start: Date, end: Date, reason: String?) {
            self.kind = kind
            self.start = start
            self.end = end
            self.reason = reason
        }
    }

    /// One local day of the period.
    public struct Day: Sendable {
        public let date: String
        public let figures: PeriodFigureSource.Figures
        public init(date: String, figures: PeriodFigureSource.Figures) {
            self.date = date
            self.figures = figures
        }
    }

    /// Builds the figures object.
    ///
    /// - Parameters:
    ///   - total: the period's figures for the report's scope (one tenant, or all tenants together).
    ///   - perTenant: each tenant's figures, to weight resolution times by tickets (one entry for a
    ///     per-tenant report).
    public static func build(program: ProgramDefinition, tenantID: UUID?, start: Date, end: Date, total: PeriodFigureSource.Figures,
                             perTenant: [PeriodFigureSource.Figures], days: [Day], excluded: [ExcludedWindow]) -> JSONValue {
        let zone = program.baseline.timeZone
        let tickets = total.tickets
        let successRate = rate(total.tickets, total.failures)
        let quantiles = [0.5, 0.95, 0.99].map { HistogramQuantile.quantile($0, total.latencyBuckets) }
        let feedback = total.feedback
        let thumbs = feedback.thumbsUp + feedback.thumbsDown
        let before = weighted(perTenant, \.resolutionBefore)
        let after = weighted(perTenant, \.resolutionAfter)
        let reduction = before.flatMap { b in after.map { a in b > 0 ? (b - a) / b * 100 : nil } } ?? nil
        let hours = tickets.flatMap { t in before.flatMap { b in after.map { a in t * (b - a) / 3600 } } }
        let value = hours.flatMap { h in program.roi.hourlyRate.map { h * $0 } }
        var figures: [String: Double?] = [
            "success_rate_pct": successRate, "latency_p50_seconds": quantiles[0], "latency_p95_seconds": quantiles[1],
            "latency_p99_seconds": quantiles[2], "tickets_enhanced": tickets,
            "tickets_per_day": tickets.map { $0 / Double(max(days.count, 1)) }, "avg_rating": feedback.averageRating,
            "rating_count": Double(feedback.ratingCount), "thumbs_up": Double(feedback.thumbsUp), "thumbs_down": Double(feedback.thumbsDown),
            "positive_feedback_pct": thumbs > 0 ? Double(feedback.thumbsUp) / Double(thumbs) * 100 : nil,
            "resolution_time_before_seconds": before, "resolution_time_after_seconds": after,
            "resolution_time_reduction_pct": reduction, "roi_hours_saved": hours, "roi_value": value,
        ]
        if tickets == nil && feedback.ratingCount == 0 && thumbs == 0 {
            for key in ["rating_count", "thumbs_up", "thumbs_down"] { figures[key] = .some(nil) }
        }
        var object = JSONObject([
            ("period_start", .string(TimeText.format(start, in: zone))), ("period_end", .string(TimeText.format(end, in: zone))),
            ("timezone", .string(zone.identifier)), ("tenant_id", tenantID.map { .string($0.uuidString.lowercased()) } ?? .null),
        ])
        for key in ["success_rate_pct", "latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds", "tickets_enhanced",
                    "tickets_per_day", "avg_rating", "rating_count", "thumbs_up", "thumbs_down", "positive_feedback_pct",
                    "resolution_time_before_seconds", "resolution_time_after_seconds", "resolution_time_reduction_pct",
                    "roi_hours_saved", "roi_value"] {
            object[key] = number(figures[key] ?? nil)
        }
        object["criteria"] = .array(program.criteria.map { criterion in
            let actual = figures[criterion.metric] ?? nil
            return .object(JSONObject([
                ("id", .string(criterion.id)), ("label", .string(criterion.label)), ("metric", .string(criterion.metric)),
                ("op", .string(criterion.op.rawValue)), ("target", .double(criterion.target)), ("actual", number(actual)),
                ("met", actual.map { .bool(criterion.op.holds($0, criterion.target)) } ?? .null),
            ]))
        })
        object["daily"] = .array(days.map { day in
            .object(JSONObject([
                ("date", .string(day.date)), ("success_rate_pct", number(rate(day.figures.tickets, day.figures.failures))),
                ("latency_p95_seconds", number(HistogramQuantile.quantile(0.95, day.figures.latencyBuckets))),
                ("tickets", number(day.figures.tickets)), ("avg_rating", number(day.figures.feedback.averageRating)),
            ]))
        })
        object["excluded_windows"] = .array(excluded.map { window in
            .object(JSONObject([
                ("kind", .string(window.kind)), ("start", .string(TimeText.format(window.start, in: zone))),
                ("end", .string(TimeText.format(window.end, in: zone))), ("reason", window.reason.map(JSONValue.string) ?? .null),
            ]))
        })
        return .object(object)
    }

    static func rate(_ success: Double?, _ failure: Double?) -> Double? {
        guard let success, let failure, success + failure > 0 else { return nil }
        return success / (success + failure) * 100
    }

    /// A tickets-weighted mean across tenants; tenants without tickets or without the gauge don't count.
    static func weighted(_ tenants: [PeriodFigureSource.Figures], _ value: KeyPath<PeriodFigureSource.Figures, Double?>) -> Double? {
        var sum = 0.0, weight = 0.0
        for tenant in tenants {
            guard let v = tenant[keyPath: value], let t = tenant.tickets, t > 0 else { continue }
            sum += v * t
            weight += t
        }
        return weight > 0 ? sum / weight : nil
    }

    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double((value * 1_000_000).rounded() / 1_000_000)
    }
}
