import DataQuality
import CivilTime
import FoundationEssentials
import JSON
import PlatformFigures

/// The view model of the Monday pre-review snapshot (PRODUCT.md section 8.4): the past 7 local days
/// against the 7 before, as formatted strings.
public enum ReviewSnapshotModel {
    /// An anomaly of the week, in words: its local day, tenant name, kind and metric labels, window and
    /// finding (observed against threshold).
    public struct Anomaly: Sendable {
        public let day: String
        public let tenant: String
        public let kind: String
        public let metric: String
        public let severity: AnomalySeverity
        public let window: String
        public let finding: String
        public let excluded: Bool
        public init(day: String, tenant: String, kind: String, metric: String, severity: AnomalySeverity,
                    window: String,
                    finding: String, excluded: Bool) {
            self.day = day
            self.tenant = tenant
            self.kind = kind
            self.metric = metric
            self.severity = severity
            self.window = window
            self.finding = finding
            self.excluded = excluded
        }
    }

    /// A comment of the week with its local time.
    public struct Comment: Sendable {
        public let when: String
        public let feedback: String
        public let text: String
        public init(when: String, feedback: String, text: String) {
            self.when = when
            self.feedback = feedback
            self.text = text
        }
    }

    /// The review's decisions beyond the figures, already in words: movers per criterion, action items,
    /// and the week's escalation severity with its reasons.
    public struct Review: Sendable {
        public var movers: [JSONValue] = []
        public var actionsOpen: [JSONValue] = []
        public var actionsDone: [JSONValue] = []
        public var severity = "low"
        public var reasons: [String] = []
        public init() {}
    }

    /// Anomalies grouped by day and tenant, in the order given (oldest first).
    static func groups(_ anomalies: [Anomaly]) -> [JSONValue] {
        var order: [String] = []
        var items: [String: [JSONValue]] = [:]
        for anomaly in anomalies {
            let heading = "\(anomaly.day) · \(anomaly.tenant)"
            if items[heading] == nil { order.append(heading) }
            items[heading, default: []].append(.object(JSONObject([
                ("severity", .string(Wording.severity(anomaly.severity))), ("kind", .string(anomaly.kind)),
                ("metric", .string(anomaly.metric)), ("window", .string(anomaly.window)),
                ("finding", .string(anomaly.finding)),
                ("excluded", .string(anomaly.excluded ? "excluded from the figures" : "kept in the figures")),
            ])))
        }
        return order.map { .object(JSONObject([("heading", .string($0)), ("items", .array(items[$0] ?? []))])) }
    }

    /// Builds the view model from this week's and last week's figures objects (section 8.3).
    public static func build(thisWeek: JSONValue, lastWeek: JSONValue, comments: [Comment],
                             anomalies: [Anomaly], review: Review = Review()) -> JSONValue {
        let periodLabel = Wording.period(start: thisWeek["period_start"]?.stringValue,
            end: thisWeek["period_end"]?.stringValue) ?? "The past week"
        let current = thisWeek["criteria"]?.arrayValue ?? []
        let previous = lastWeek["criteria"]?.arrayValue ?? []
        let lastWeekEmpty = previous.allSatisfy { $0["actual"] == .null || $0["actual"] == nil }
        let rows: [JSONValue] = current.map { criterion in
            let id = criterion["id"]?.stringValue
            let earlier = previous.first { $0["id"]?.stringValue == id }
            return .object(JSONObject([
                ("label", .string(criterion["label"]?.stringValue ?? "")),
                ("target", .string(FigureText.criterionTarget(criterion))),
                ("this_week", .string(valueText(criterion))),
                ("n", .string(BaselineReportModel.sampleText(criterion))),
                ("last_week", .string(lastWeekEmpty ? "see note" : earlier.map(valueText) ?? "no data")),
                ("trend", .string(trend(criterion, earlier))),
                ("status", .string(FigureText.verdict(criterion["verdict"]?.stringValue))),
                ("met", .bool(criterion["verdict"]?.stringValue == "met")),
            ]))
        }
        let lastWeekNote = lastWeekEmpty
            ? "No data for \(inclusivePeriod(lastWeek)), so there is no last week to compare with and no trend is "
                + "named."
            : ""
        let versus = (thisWeek["vs_baseline"]?.arrayValue ?? []).map { entry -> JSONValue in
            let unit = entry["unit"]?.stringValue ?? ""
            return .object(JSONObject([
                ("label", .string(entry["label"]?.stringValue ?? "")),
                ("baseline", .string(FigureText.value(entry["baseline"]?.doubleValue, unit: unit))),
                ("week", .string(FigureText.value(entry["week"]?.doubleValue, unit: unit))),
                ("difference", .string(FigureText.withInterval(entry["difference"]?.doubleValue,
                    low: entry["ci_low"]?.doubleValue,
                                                               high: entry["ci_high"]?.doubleValue, unit: unit))),
                ("verdict", .string(changeText(entry["verdict"]?.stringValue))),
            ]))
        }
        let daily = thisWeek["daily"]?.arrayValue ?? []
        let maxTickets = daily.compactMap { $0["tickets"]?.doubleValue }.max() ?? 0
        let dailyRows: [JSONValue] = daily.map { day in
            let share = Bars.share(day["tickets"]?.doubleValue ?? 0, of: maxTickets)
            return .object(JSONObject([
                ("date", .string(BaselineReportModel.dayLabel(day["date"]?.stringValue ?? ""))),
                ("success", .string(FigureText.value(day["success_rate_pct"]?.doubleValue, unit: "%"))),
                ("p95", .string(FigureText.value(day["latency_p95_seconds"]?.doubleValue, unit: "s"))),
                ("tickets", .string(FigureText.count(day["tickets"]?.doubleValue))),
            ] + Bars.fields(share: share)))
        }
        return .object(JSONObject([
            ("title", .string("Weekly review snapshot")),
            ("period", .string(periodLabel + (lastWeekEmpty ? " (no earlier week with data to compare)"
                : " against the 7 days before"))),
            ("period_label", .string(periodLabel)),
            ("criteria", .array(rows)),
            ("last_week_note", .string(lastWeekNote)),
            ("has_last_week", .bool(!lastWeekEmpty)),
            ("vs_baseline", .array(versus)),
            ("has_vs_baseline", .bool(!versus.isEmpty)),
            ("vs_baseline_note", .string(thisWeek["vs_baseline_note"]?.stringValue ?? "")),
            ("daily", .array(dailyRows)),
            ("ratings", .string("\(FigureText.value(thisWeek["avg_rating"]?.doubleValue, unit: "/ 5")) average over "
                + "\(FigureText.count(thisWeek["rating_count"]?.doubleValue)) ratings (last week "
                + "\(FigureText.value(lastWeek["avg_rating"]?.doubleValue, unit: "/ 5")))")),
            ("thumbs", .string("\(FigureText.count(thisWeek["thumbs_up"]?.doubleValue)) up, "
                + "\(FigureText.count(thisWeek["thumbs_down"]?.doubleValue)) down")),
            ("comments", .array(comments.map { comment in
                .object(JSONObject([("when", .string(comment.when)), ("feedback", .string(comment.feedback)),
                                    ("text", .string(comment.text))]))
            })),
            ("has_comments", .bool(!comments.isEmpty)),
            ("anomaly_groups", .array(groups(anomalies))),
            ("has_anomalies", .bool(!anomalies.isEmpty)),
            ("themes", .array(PriorityModel.themeRows(thisWeek))),
            ("has_themes", .bool(!PriorityModel.themeRows(thisWeek).isEmpty)),
            ("themes_unmatched", .string(PriorityModel.unmatchedText(thisWeek))),
            ("roadmap", .array(PriorityModel.roadmapRows(thisWeek, limit: 3))),
            ("has_roadmap", .bool(!(thisWeek["roadmap"]?.arrayValue ?? []).isEmpty)),
            ("opportunities", .array(Array(PriorityModel.opportunities(thisWeek).prefix(3)))),
            ("movers", .array(review.movers)),
            ("has_movers", .bool(review.movers.contains { $0["has_tenants"] == .bool(true) })),
            ("actions_open", .array(review.actionsOpen)), ("has_actions_open", .bool(!review.actionsOpen.isEmpty)),
            ("actions_done", .array(review.actionsDone)), ("has_actions_done", .bool(!review.actionsDone.isEmpty)),
            ("severity", .string(review.severity)),
            ("severity_reasons", .array(review.reasons.map(JSONValue.string))),
            ("has_severity_reasons", .bool(!review.reasons.isEmpty)),
            ("agenda", .array([("Metrics review", "10 min"), ("Trends", "5 min"), ("Feedback", "5 min"),
                               ("Roadmap", "5 min"),
                               ("Action items", "5 min")].map { .object(JSONObject([("item", .string($0.0)),
                                       ("minutes", .string($0.1))])) })),
        ]))
    }

    /// A criterion's value beside its interval, in its unit.
    static func valueText(_ criterion: JSONValue) -> String {
        FigureText.criterionValue(criterion)
    }

    /// "↑ better" or "↓ worse" only when each week's value lies outside the other week's interval;
    /// otherwise the change is within the noise and no trend is named.
    static func trend(_ now: JSONValue, _ before: JSONValue?) -> String {
        guard let current = now["actual"]?.doubleValue,
            let previous = before?["actual"]?.doubleValue else { return "no comparison" }
        guard let nowLow = now["ci_low"]?.doubleValue, let nowHigh = now["ci_high"]?.doubleValue,
              let beforeLow = before?["ci_low"]?.doubleValue, let beforeHigh = before?["ci_high"]?.doubleValue else {
            return "no clear change (no interval)"
        }
        let beyond = !(beforeLow...beforeHigh).contains(current) && !(nowLow...nowHigh).contains(previous)
        guard beyond else { return "no clear change" }
        let higherIsBetter = (now["op"]?.stringValue ?? ">").hasPrefix(">")
        return (current > previous) == higherIsBetter ? "↑ better" : "↓ worse"
    }

    /// A comparison's verdict in words.
    static func changeText(_ raw: String?) -> String {
        switch raw {
        case "improved": return "improved"
        case "regressed": return "regressed"
        case "no_detectable_change": return "no detectable change"
        default: return "no data"
        }
    }

    /// A period with an inclusive last day for people: `23 – 29 Nov 2026`.
    static func inclusivePeriod(_ figures: JSONValue) -> String {
        Wording.period(start: figures["period_start"]?.stringValue, end: figures["period_end"]?.stringValue)
            ?? "the week before"
    }
}
