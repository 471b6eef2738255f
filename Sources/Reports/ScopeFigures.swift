import FoundationEssentials
import PlatformFigures
import Statistics

/// The figures of one scope (a tenant, or several together) over one period: every figure key of
/// PRODUCT.md section 8.3 by name, from each tenant's own source figures. Pure.
///
/// Tenants' counts, buckets and feedback add up; research times are combined weighted by each tenant's
/// tickets, so a scope's figures are what a report of exactly that scope computes.
public struct ScopeFigures: Sendable {
    /// The scope's counts and buckets added up.
    public let combined: PeriodFigures
    /// Figure key → value; nil where the figure has no data.
    public let values: [String: Double?]

    /// The figures of the tenants in `parts` over a period of `days` local days.
    public init(_ parts: [PeriodFigures], days: Int, hourlyRate: Double?, survey: [Double]? = nil) {
        let total = PeriodFigures.combined(parts)
        combined = total
        let tickets = total.tickets
        let finished = total.tickets.flatMap { t in total.failures.map { t + $0 } }
        let feedback = total.feedback
        let thumbs = feedback.thumbsUp + feedback.thumbsDown
        let before = Self.weighted(parts, \.resolutionBefore)
        let after = Self.weighted(parts, \.resolutionAfter)
        let reduction = before.flatMap { b in after.map { a in b > 0 ? (b - a) / b * 100 : nil } } ?? nil
        let hours = tickets.flatMap { t in before.flatMap { b in after.map { a in t * (b - a) / 3600 } } }
        let requests = total.latencyBuckets.map(\.count).max()
        var values: [String: Double?] = [
            "success_rate_pct": finished.flatMap { $0 > 0 ? (tickets ?? 0) / $0 * 100 : nil },
            "latency_p50_seconds": HistogramQuantile.quantile(0.5, total.latencyBuckets),
            "latency_p95_seconds": HistogramQuantile.quantile(0.95, total.latencyBuckets),
            "latency_p99_seconds": HistogramQuantile.quantile(0.99, total.latencyBuckets),
            "tickets_enhanced": tickets, "tickets_per_day": tickets.map { $0 / Double(max(days, 1)) },
            "avg_rating": feedback.averageRating, "rating_count": Double(feedback.ratingCount),
            "thumbs_up": Double(feedback.thumbsUp), "thumbs_down": Double(feedback.thumbsDown),
            "positive_feedback_pct": thumbs > 0 ? Double(feedback.thumbsUp) / Double(thumbs) * 100 : nil,
            "resolution_time_before_seconds": before, "resolution_time_after_seconds": after,
            "resolution_time_reduction_pct": reduction, "roi_hours_saved": hours,
                "roi_value": hours.flatMap { h in hourlyRate.map { h * $0 } },
            "enhancements_finished": finished, "enhancements_failed": total.failures,
                "requests_count": requests.flatMap { $0 > 0 ? $0 : nil },
            "survey_overall_mean": survey.flatMap(Statistics.mean), "survey_overall_n": survey.map { Double($0.count) },
        ]
        if tickets == nil && feedback.ratingCount == 0 && thumbs == 0 {
            for key in ["rating_count", "thumbs_up", "thumbs_down"] { values[key] = .some(nil) }
        }
        self.values = values
    }

    /// The value of a figure key, nil when it has no data (or is unknown).
    public subscript(_ key: String) -> Double? { values[key] ?? nil }

    /// A tickets-weighted mean across tenants; tenants without tickets or without the gauge don't count.
    static func weighted(_ tenants: [PeriodFigures], _ value: KeyPath<PeriodFigures,
        Double?>) -> Double? {
        var sum = 0.0, weight = 0.0
        for tenant in tenants {
            guard let v = tenant[keyPath: value], let t = tenant.tickets, t > 0 else { continue }
            sum += v * t
            weight += t
        }
        return weight > 0 ? sum / weight : nil
    }
}
