import Program
import FoundationEssentials
import Statistics

/// A criterion's value with its sample size, 95 % interval and verdict (PRODUCT.md section 8.3). Pure.
public struct CriterionStatistics: Sendable {
    /// The criterion.
    public let criterion: ProgramDefinition.Criterion
    /// The value over the period, nil without data.
    public let actual: Double?
    /// The sample size behind the interval (trials, observations, or days with data).
    public let n: Double?
    /// The interval, nil when the data cannot support one.
    public let interval: Interval?
    /// The verdict from the interval.
    public let verdict: Verdict
    /// How the interval was computed, for the report's method notes.
    public let method: Method

    /// The interval methods of section 8.3.
    public enum Method: String, Sendable {
        case wilson = "Wilson score interval of k of n"
        case mean = "mean ± t(0.975, n − 1) · s / √n"
        case quantile = "rank bounds n·q ± z·√(n·q·(1 − q)) on the summed histogram"
        case days = "day-to-day variation: value ± t(0.975, m − 1) · s_d / √m over the m days with data"
    }

    /// The statistics of `criterion` from the period's figures and each day's figures of the same scope.
    public init(_ criterion: ProgramDefinition.Criterion, period: ScopeFigures, days: [ScopeFigures],
        survey: [Double]?) {
        self.criterion = criterion
        let measured = Self.measure(criterion.metric, period: period, days: days, survey: survey)
        (actual, n, interval, method) = (measured.actual, measured.n, measured.interval, measured.method)
        verdict = Verdict.judge(actual: actual, interval: interval, Verdict.Comparison(criterion.op), criterion.target)
    }

    /// A figure's value, sample size, 95 % interval and method, whether or not a criterion names it (the
    /// tenants table gives every value its interval).
    public static func measure(_ metric: String, period: ScopeFigures, days: [ScopeFigures], survey: [Double]?)
        -> (actual: Double?, n: Double?, interval: Interval?, method: Method) {
        let actual = period[metric]
        let method: Method
        var n: Double?
        var interval: Interval?
        switch metric {
        case "success_rate_pct":
            method = .wilson
            let finished = period["enhancements_finished"].map { $0.rounded() }
            n = finished
            if let finished, let tickets = period["tickets_enhanced"] {
                interval = Interval.wilson(successes: min(tickets.rounded(), finished),
                    trials: finished)?.scaled(by: 100)
            }
        case "positive_feedback_pct":
            method = .wilson
            let up = Double(period.combined.feedback.thumbsUp), all = up + Double(period.combined.feedback.thumbsDown)
            n = all > 0 ? all : nil
            interval = Interval.wilson(successes: up, trials: all)?.scaled(by: 100)
        case "avg_rating":
            method = .mean
            let feedback = period.combined.feedback
            n = feedback.ratingCount > 0 ? Double(feedback.ratingCount) : nil
            if let mean = feedback.averageRating, let s = feedback.ratingStandardDeviation {
                interval = Interval.mean(mean, standardDeviation: s, count: feedback.ratingCount)
            }
        case "survey_overall_mean":
            method = .mean
            n = survey.map { Double($0.count) }
            interval = survey.flatMap(Interval.mean(of:))
        case "latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds":
            method = .quantile
            let q = metric == "latency_p50_seconds" ? 0.5 : metric == "latency_p95_seconds" ? 0.95 : 0.99
            n = period["requests_count"]
            interval = Interval.histogramQuantile(q, period.combined.latencyBuckets)
        default:
            method = .days
            let daily = days.compactMap { $0[metric] }
            n = daily.isEmpty ? nil : Double(daily.count)
            interval = actual.flatMap { Interval.daySeries($0, daily: daily, additive: Self.isAdditive(metric)) }
        }
        return (actual, n, interval, method)
    }

    /// Whether a figure is the period's total of its days (so its days add up to it), not a rate or mean.
    public static func isAdditive(_ metric: String) -> Bool {
        ["tickets_enhanced", "rating_count", "thumbs_up", "thumbs_down", "roi_hours_saved", "roi_value",
            "enhancements_finished",
         "enhancements_failed", "requests_count"].contains(metric)
    }

    /// The unit of the criterion's figure, as reports print it.
    public var unit: String { Self.unit(of: criterion.metric) }

    /// The unit of a figure key.
    public static func unit(of metric: String) -> String {
        if metric.hasSuffix("_pct") { return "%" }
        if metric.hasSuffix("_seconds") { return "s" }
        switch metric {
        case "avg_rating", "survey_overall_mean": return "/ 5"
        case "tickets_per_day": return "tickets/day"
        case "roi_hours_saved": return "h"
        default: return ""
        }
    }

    /// For an inconclusive verdict, about how many observations would settle it at today's value.
    public var settlingSampleSize: Double? {
        guard verdict == .inconclusive, let actual, let interval, let n else { return nil }
        return Verdict.settlingSampleSize(actual: actual, interval: interval, target: criterion.target, n: n)
    }
}

extension Verdict.Comparison {
    /// The comparison of a configured criterion.
    public init(_ op: ComparisonOperator) {
        switch op {
        case .greaterThan: self = .greater
        case .greaterThanOrEqual: self = .greaterOrEqual
        case .lessThan: self = .less
        case .lessThanOrEqual: self = .lessOrEqual
        }
    }
}
