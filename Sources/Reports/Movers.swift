import FoundationEssentials
import JSON
import PlatformFigures

/// Top movers of the snapshot (PRODUCT.md section 8.4): for a criterion, the tenants whose own
/// week-over-week change weighs most (|change| × their share of this week's volume), and the worst hour
/// of the week for that figure. Pure.
public enum Movers {
    /// One tenant's week against its previous week.
    public struct Mover: Sendable, Equatable {
        public let name: String
        public let thisWeek: Double
        public let lastWeek: Double
        public let share: Double
        public var weight: Double { abs(thisWeek - lastWeek) * share }
    }

    /// The `limit` tenants with the heaviest change of `metric`; tenants without a value either week are
    /// left out.
    public static func top(_ metric: String, thisWeek: [String: ScopeFigures], lastWeek: [String: ScopeFigures],
                           limit: Int = 3) -> [Mover] {
        let volume = thisWeek.values.compactMap { $0["tickets_enhanced"] }.reduce(0, +)
        guard volume > 0 else { return [] }
        return thisWeek.compactMap { name, now -> Mover? in
            guard let value = now[metric], let before = lastWeek[name]?[metric] else { return nil }
            return Mover(name: name, thisWeek: value, lastWeek: before, share: (now["tickets_enhanced"] ?? 0) / volume)
        }.sorted { ($0.weight, $1.name) > ($1.weight, $0.name) }.prefix(limit).map { $0 }
    }

    /// A tenant on the wrong side of a criterion's target this week.
    public struct Gap: Sendable, Equatable {
        public let name: String
        public let value: Double
        public let share: Double
        /// |value − target| × share: what orders the list.
        public let weight: Double
    }

    /// Without last week to compare: the `limit` tenants furthest on the wrong side of `target`, weighted by
    /// their share of this week's volume (where to look first when a criterion is missed).
    public static func furthest(_ metric: String, target: Double, higherIsBetter: Bool,
                                thisWeek: [String: ScopeFigures], limit: Int = 3) -> [Gap] {
        let volume = thisWeek.values.compactMap { $0["tickets_enhanced"] }.reduce(0, +)
        guard volume > 0 else { return [] }
        return thisWeek.compactMap { name, now -> Gap? in
            guard let value = now[metric], higherIsBetter ? value < target : value > target else { return nil }
            let share = (now["tickets_enhanced"] ?? 0) / volume
            return Gap(name: name, value: value, share: share, weight: abs(value - target) * share)
        }.sorted { ($0.weight, $1.name) > ($1.weight, $0.name) }.prefix(limit).map { $0 }
    }

    /// How much an hour's figure rests on: finished enhancements, requests, ratings or votes.
    /// What an hour's sample of `metric` counts, in words: `finished`, `requests`, `ratings`, `votes`, `tickets`.
    public static func volumeNoun(_ metric: String) -> String {
        switch metric {
        case "success_rate_pct": return "finished"
        case "latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds": return "requests"
        case "avg_rating": return "ratings"
        case "positive_feedback_pct": return "votes"
        default: return "tickets"
        }
    }

    static func volume(_ metric: String, _ hour: ScopeFigures) -> Double {
        switch metric {
        case "success_rate_pct": return hour["enhancements_finished"] ?? 0
        case "latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds": return hour["requests_count"] ?? 0
        case "avg_rating": return hour["rating_count"] ?? 0
        case "positive_feedback_pct": return (hour["thumbs_up"] ?? 0) + (hour["thumbs_down"] ?? 0)
        default: return hour["tickets_enhanced"] ?? 0
        }
    }

    /// The hour (its start) whose value of `metric` is worst: lowest when higher is better, else highest.
    /// Only hours with at least half the median hour's volume (and at least 20, or 5 ratings or votes)
    /// count, so a quiet night hour's noise is never "the worst hour".
    public static func worstHour(_ metric: String, higherIsBetter: Bool, hours: [(start: Date, figures: ScopeFigures)])
        -> (start: Date, value: Double, n: Double)? {
        let volumes = hours.map { volume(metric, $0.figures) }.filter { $0 > 0 }.sorted()
        let median = volumes.isEmpty ? 0 : volumes[volumes.count / 2]
        let floor = max(["avg_rating", "positive_feedback_pct"].contains(metric) ? 5 : 20, median / 2)
        let candidates = hours.compactMap { hour -> (start: Date, value: Double, n: Double)? in
            let n = volume(metric, hour.figures)
            guard n >= floor, let value = hour.figures[metric] else { return nil }
            return (hour.start, value, n)
        }
        return candidates.min { higherIsBetter ? $0.value < $1.value : $0.value > $1.value }
    }
}
