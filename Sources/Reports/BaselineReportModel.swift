import Config
import Formatting
import FoundationEssentials
import JSON
import PlatformData
import Statistics

/// The view model of the end-of-baseline report (PRODUCT.md section 8.5): formatted strings only, so
/// the Markdown and HTML templates hold no logic.
public enum BaselineReportModel {
    /// Inputs beyond the figures object.
    public struct Context: Sendable {
        public var title: String
        public var scope: String
        public var feedback: PlatformDatabase.FeedbackDetails
        public var anomalyCounts: [String: Int]
        public var keptSeconds: Double
        public var periodSeconds: Double
        public var currency: String
        public var queries: [String]
        public var survey: SurveySummary
        public init(title: String, scope: String, feedback: PlatformDatabase.FeedbackDetails, anomalyCounts: [String: Int], keptSeconds: Double,
                    periodSeconds: Double, currency: String, queries: [String], survey: SurveySummary) {
            self.title = title
            self.scope = scope
            self.feedback = feedback
            self.anomalyCounts = anomalyCounts
            self.keptSeconds = keptSeconds
            self.periodSeconds = periodSeconds
            self.currency = currency
            self.queries = queries
            self.survey = survey
        }
    }

    /// Builds the view model from the figures object (section 8.3) and the context.
    public static func build(figures: JSONValue, context: Context) -> JSONValue {
        let criteria = figures["criteria"]?.arrayValue ?? []
        let met = criteria.filter { $0["met"] == .bool(true) }.count
        let daily = figures["daily"]?.arrayValue ?? []
        var object = JSONObject([
            ("title", .string(context.title)), ("scope", .string(context.scope)),
            ("period", .string("\(day(figures["period_start"])) – \(day(figures["period_end"])) (\(figures["timezone"]?.stringValue ?? "UTC"), end exclusive)")),
            ("criteria_met", .string("\(met) of \(criteria.count)")),
            ("roi", .string(roiText(figures, context.currency))),
            ("tickets", .string(figures["tickets_enhanced"]?.doubleValue.map(grouped) ?? "–")),
        ])
        object["criteria"] = .array(criteria.map { criterion in
            .object(JSONObject([
                ("label", .string(criterion["label"]?.stringValue ?? "")),
                ("target", .string("\(criterion["op"]?.stringValue ?? "") \(plain(criterion["target"]?.doubleValue))")),
                ("actual", .string(format(criterion["actual"], digits: 2))),
                ("status", .string(criterion["met"] == .bool(true) ? "met" : criterion["met"] == .bool(false) ? "not met" : "no data")),
                ("met", criterion["met"] == .bool(true) ? .bool(true) : .bool(false)),
            ]))
        })
        object["statistics"] = .array([
            ("Success rate (%)", "success_rate_pct"), ("p95 latency (s)", "latency_p95_seconds"), ("Tickets per day", "tickets"),
            ("Average rating", "avg_rating"),
        ].map { label, key in
            let values = daily.compactMap { $0[key]?.doubleValue }
            return .object(JSONObject([
                ("metric", .string(label)), ("mean", .string(format(Statistics.mean(values)))), ("median", .string(format(Statistics.median(values)))),
                ("sd", .string(format(Statistics.standardDeviation(values)))), ("days", .string("\(values.count)")),
            ]))
        })
        object["latency"] = .string("p50 \(format(figures["latency_p50_seconds"], digits: 1)) s, p95 \(format(figures["latency_p95_seconds"], digits: 1)) s, "
                                    + "p99 \(format(figures["latency_p99_seconds"], digits: 1)) s")
        let maxTickets = daily.compactMap { $0["tickets"]?.doubleValue }.max() ?? 0
        object["daily"] = .array(daily.map { day in
            let share = Bars.share(day["tickets"]?.doubleValue ?? 0, of: maxTickets)
            return .object(JSONObject([
                ("date", .string(day["date"]?.stringValue ?? "")), ("success", .string(format(day["success_rate_pct"], digits: 1, suffix: " %"))),
                ("p95", .string(format(day["latency_p95_seconds"], digits: 1, suffix: " s"))), ("tickets", .string(format(day["tickets"], digits: 0))),
                ("rating", .string(format(day["avg_rating"], digits: 2))),
            ] + Bars.fields(share: share)))
        })
        object["ratings"] = Bars.fiveToOne(context.feedback.distribution)
        object["thumbs"] = .string("\(format(figures["thumbs_up"], digits: 0)) up, \(format(figures["thumbs_down"], digits: 0)) down, "
                                   + "\(format(figures["positive_feedback_pct"], digits: 1, suffix: " %")) positive")
        object["average_rating"] = .string("\(format(figures["avg_rating"], digits: 2)) over \(format(figures["rating_count"], digits: 0)) ratings")
        object["terms"] = .array(commentTerms(context.feedback.comments.map(\.text), limit: 10).map { term, count in
            .object(JSONObject([("term", .string(term)), ("count", .string("\(count)"))]))
        })
        context.survey.fill(&object)
        object["coverage"] = .string(context.periodSeconds > 0 ? Format.fixed(context.keptSeconds / context.periodSeconds * 100, 1) + " %" : "–")
        object["anomalies"] = .array(context.anomalyCounts.sorted { $0.key < $1.key }.map { kind, count in
            .object(JSONObject([("kind", .string(kind)), ("count", .string("\(count)"))]))
        })
        object["excluded"] = .array((figures["excluded_windows"]?.arrayValue ?? []).map { window in
            .object(JSONObject([("kind", .string(window["kind"]?.stringValue ?? "")),
                                ("window", .string("\(window["start"]?.stringValue ?? "") – \(window["end"]?.stringValue ?? "")")),
                                ("reason", .string(window["reason"]?.stringValue ?? "excluded"))]))
        })
        object["has_excluded"] = .bool(!(figures["excluded_windows"]?.arrayValue ?? []).isEmpty)
        object["gaps"] = .array(gaps(criteria).map { .object(JSONObject([("label", .string($0.0)), ("gap", .string($0.1))])) })
        object["queries"] = .array(context.queries.map { .string($0) })
        return .object(object)
    }

    /// Criteria not met, largest relative distance to target first.
    static func gaps(_ criteria: [JSONValue]) -> [(String, String)] {
        criteria.compactMap { criterion -> (String, Double, String)? in
            guard criterion["met"] == .bool(false), let actual = criterion["actual"]?.doubleValue, let target = criterion["target"]?.doubleValue,
                  target != 0 else { return nil }
            let distance = abs(actual - target) / abs(target)
            return (criterion["label"]?.stringValue ?? "", distance,
                    "\(Format.fixed(actual, 2)) against \(criterion["op"]?.stringValue ?? "") \(plain(target)) (\(Format.fixed(distance * 100, 1)) % away)")
        }.sorted { $0.1 > $1.1 }.map { ($0.0, $0.2) }
    }

    /// The most frequent words of at least four letters, without common English stop words.
    public static func commentTerms(_ comments: [String], limit: Int) -> [(String, Int)] {
        let stop: Set<String> = ["this", "that", "with", "from", "have", "were", "they", "their", "there", "would", "could", "should",
                                 "about", "which", "when", "what", "than", "then", "into", "also", "very", "just", "been", "does", "didn"]
        var counts: [String: Int] = [:]
        for comment in comments {
            for word in comment.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 4 && !stop.contains(String(word)) {
                counts[String(word), default: 0] += 1
            }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map { ($0.key, $0.value) }
    }

    static func roiText(_ figures: JSONValue, _ currency: String) -> String {
        guard let hours = figures["roi_hours_saved"]?.doubleValue else { return "no data" }
        if let value = figures["roi_value"]?.doubleValue { return "\(currency) \(grouped(value)) (\(grouped(hours)) technician hours saved)" }
        return "\(grouped(hours)) technician hours saved"
    }

    /// A whole number with thousands separators: 269,638.
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()).magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func format(_ value: JSONValue?, digits: Int = 2, suffix: String = "") -> String {
        guard let number = value?.doubleValue else { return "–" }
        return Format.fixed(number, digits) + suffix
    }

    static func format(_ value: Double?) -> String { format(value.map(JSONValue.double)) }

    static func plain(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func day(_ value: JSONValue?) -> String { String((value?.stringValue ?? "").prefix(10)) }
}
