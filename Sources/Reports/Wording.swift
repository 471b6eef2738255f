import DataQuality
import CivilTime

/// The words people read for the runner's identifiers (PRODUCT.md section 7, "Human words"): anomaly kinds,
/// metrics, severities and feedback types by label. Identifiers stay in JSON; bodies use these. Pure.
public enum Wording {
    /// `Scrape gap` for `scrape_gap`; an unknown kind with its underscores as spaces, capitalised.
    public static func anomalyKind(_ kind: String) -> String {
        switch kind {
        case "scrape_gap": return "Scrape gap"
        case "stale_series": return "Stale series"
        case "success_rate_drop": return "Success-rate drop"
        case "latency_breach": return "Latency breach"
        case "outlier": return "Outlier"
        case "volume_drop": return "Volume drop"
        case "frozen_series": return "Frozen series"
        case "feedback_gap": return "No feedback"
        case "source_unavailable": return "Source unavailable"
        default: return spaced(kind)
        }
    }

    /// `success rate` for `success_rate_pct`, `scrape health of api` for `up{job="api"}`; a series name
    /// the runner does not know is returned as written (it is what ops search for).
    public static func metric(_ metric: String) -> String {
        switch metric {
        case "success_rate_pct": return "success rate"
        case "latency_p50_seconds": return "p50 latency"
        case "latency_p95_seconds": return "p95 latency"
        case "latency_p99_seconds": return "p99 latency"
        case "tickets", "tickets_enhanced": return "tickets enhanced"
        case "tickets_per_day": return "tickets per day"
        case "avg_rating": return "average rating"
        case "positive_feedback_pct": return "positive feedback"
        case "resolution_time_reduction_pct": return "research time reduction"
        case "feedback": return "feedback"
        case "queue_depth_gauge": return "queue depth"
        case "resolution_time_before_enhancement": return "research time without enhancement"
        case "resolution_time_after_enhancement": return "research time with enhancement"
        case "enhancement_success_rate_total": return "enhancement outcomes"
        case "request_duration_seconds_bucket": return "request latency"
        default:
            if metric.hasPrefix("up{job=\""), metric.hasSuffix("\"}") {
                return "scrape health of \(metric.dropFirst(8).dropLast(2))"
            }
            return metric
        }
    }

    /// `warning` or `failure`.
    public static func severity(_ severity: AnomalySeverity) -> String {
        switch severity {
        case .fail: return "failure"
        case .warn: return "warning"
        }
    }

    /// `thumbs down`, `rating 4 / 5`.
    public static func feedback(type: String, rating: Int?) -> String {
        switch type {
        case "thumbs_up": return "thumbs up"
        case "thumbs_down": return "thumbs down"
        case "rating": return rating.map { "rating \($0) / 5" } ?? "rating"
        default: return spaced(type)
        }
    }

    /// `30 Nov – 6 Dec 2026` for a figures object's `period_start` and end-exclusive `period_end`, from
    /// their local dates (the first ten characters of RFC 3339 with the program zone's offset).
    public static func period(start: String?, end: String?) -> String? {
        func days(_ text: String?) -> Int? {
            let parts = String((text ?? "").prefix(10)).split(separator: "-").compactMap { Int($0) }
            return parts.count == 3 ? CivilTime.days(year: parts[0], month: parts[1], day: parts[2]) : nil
        }
        guard let first = days(start), let end = days(end) else { return nil }
        return HumanTime.period(firstDay: first, lastDay: max(first, end - 1))
    }

    /// The instant an RFC 3339 text with offset names, in whole seconds.
    public static func instant(_ text: String?) -> Int? {
        guard let text, let parts = TimestampText.parse(text), parts.offset != nil else { return nil }
        return Int(parts.unixSeconds().rounded(.down))
    }

    static func spaced(_ identifier: String) -> String {
        let words = identifier.replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
