import CivilTime
import FoundationEssentials
import JSON
import PlatformData

/// The view model of the Monday pre-review snapshot (PRODUCT.md section 8.4): the past 7 local days
/// against the 7 before, as formatted strings.
public enum ReviewSnapshotModel {
    /// An anomaly of the week, already formatted.
    public struct Anomaly: Sendable {
        public let kind: String
        public let metric: String
        public let tenant: String
        public let severity: String
        public let window: String
        public let excluded: Bool
        public init(kind: String, metric: String, tenant: String, severity: String, window: String, excluded: Bool) {
            self.kind = kind
            self.metric = metric
            self.tenant = tenant
            self.severity = severity
            self.window = window
            self.excluded = excluded
        }
    }

    /// Builds the view model from this week's and last week's figures objects (section 8.3).
    public static func build(thisWeek: JSONValue, lastWeek: JSONValue, comments: [PlatformDatabase.FeedbackDetails.Comment],
                             anomalies: [Anomaly], formatTime: (Date) -> String) -> JSONValue {
        let current = thisWeek["criteria"]?.arrayValue ?? []
        let previous = lastWeek["criteria"]?.arrayValue ?? []
        let lastWeekEmpty = previous.allSatisfy { $0["actual"] == .null || $0["actual"] == nil }
        let rows: [JSONValue] = current.map { criterion in
            let id = criterion["id"]?.stringValue
            let earlier = previous.first { $0["id"]?.stringValue == id }
            let unit = criterion["unit"]?.stringValue ?? ""
            return .object(JSONObject([
                ("label", .string(criterion["label"]?.stringValue ?? "")),
                ("target", .string(FigureText.target(op: criterion["op"]?.stringValue, criterion["target"]?.doubleValue,
                    unit: unit))),
                ("this_week", .string(valueText(criterion))),
                ("last_week", .string(lastWeekEmpty ? "see note" : earlier.map(valueText) ?? "no data")),
                ("trend", .string(trend(criterion, earlier))),
                ("status", .string(FigureText.verdict(criterion["verdict"]?.stringValue))),
                ("met", .bool(criterion["verdict"]?.stringValue == "met")),
            ]))
        }
        let lastWeekNote = lastWeekEmpty
            ? "No data for \(inclusivePeriod(lastWeek)): last week's columns are empty, so no trend is named." : ""
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
                ("date", .string(BaselineReportModel.dayLabel(day["date"]?.stringValue ?? ""))), ("success", .string(BaselineReportModel.format(day["success_rate_pct"], digits: 1, suffix: " %"))),
                ("p95", .string(BaselineReportModel.format(day["latency_p95_seconds"], digits: 1, suffix: " s"))),
                ("tickets", .string(BaselineReportModel.format(day["tickets"], digits: 0))),
            ] + Bars.fields(share: share)))
        }
        return .object(JSONObject([
            ("title", .string("Weekly review snapshot")),
            ("period", .string("\(BaselineReportModel.day(thisWeek["period_start"])) – \(BaselineReportModel.day(thisWeek["period_end"])) "
                               + "against the 7 days before (\(thisWeek["timezone"]?.stringValue ?? "UTC"))")),
            ("criteria", .array(rows)),
            ("last_week_note", .string(lastWeekNote)),
            ("vs_baseline", .array(versus)),
            ("has_vs_baseline", .bool(!versus.isEmpty)),
            ("vs_baseline_note", .string(thisWeek["vs_baseline_note"]?.stringValue ?? "")),
            ("daily", .array(dailyRows)),
            ("ratings", .string("\(BaselineReportModel.format(thisWeek["avg_rating"], digits: 2)) average over "
                                + "\(BaselineReportModel.format(thisWeek["rating_count"], digits: 0)) ratings (last week "
                                + "\(BaselineReportModel.format(lastWeek["avg_rating"], digits: 2)))")),
            ("thumbs", .string("\(BaselineReportModel.format(thisWeek["thumbs_up"], digits: 0)) up, \(BaselineReportModel.format(thisWeek["thumbs_down"], digits: 0)) down")),
            ("comments", .array(comments.map { comment in
                .object(JSONObject([("when", .string(formatTime(comment.createdAt))), ("type", .string(comment.type)),
                                    ("rating", .string(comment.rating.map(String.init) ?? "")), ("text", .string(comment.text))]))
            })),
            ("has_comments", .bool(!comments.isEmpty)),
            ("anomalies", .array(anomalies.map { anomaly in
                .object(JSONObject([("kind", .string(anomaly.kind)), ("metric", .string(anomaly.metric)), ("tenant", .string(anomaly.tenant)),
                                    ("severity", .string(anomaly.severity)), ("window", .string(anomaly.window)),
                                    ("excluded", .string(anomaly.excluded ? "excluded" : "included"))]))
            })),
            ("has_anomalies", .bool(!anomalies.isEmpty)),
            ("agenda", .array([("Metrics review", "10 min"), ("Trends", "5 min"), ("Feedback", "5 min"), ("Roadmap", "5 min"),
                               ("Action items", "5 min")].map { .object(JSONObject([("item", .string($0.0)), ("minutes", .string($0.1))])) })),
        ]))
    }

    /// A criterion's value beside its interval, in its unit.
    static func valueText(_ criterion: JSONValue) -> String {
        FigureText.withInterval(criterion["actual"]?.doubleValue, low: criterion["ci_low"]?.doubleValue,
                                high: criterion["ci_high"]?.doubleValue, unit: criterion["unit"]?.stringValue ?? "")
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
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func parts(_ value: JSONValue?) -> (Int, Int, Int)? {
            let text = String((value?.stringValue ?? "").prefix(10)).split(separator: "-").compactMap { Int($0) }
            return text.count == 3 ? (text[0], text[1], text[2]) : nil
        }
        guard let start = parts(figures["period_start"]),
            let end = parts(figures["period_end"]) else { return "the week before" }
        // The end is exclusive: the last day is the one before it.
        var (year, month, day) = end
        day -= 1
        if day == 0 {
            month -= 1
            if month == 0 { month = 12; year -= 1 }
            day = CivilTime.daysInMonth(year: year, month: month)
        }
        let first = start.1 == month ? "\(start.2)" : "\(start.2) \(months[start.1 - 1])"
        return "\(first) – \(day) \(months[month - 1]) \(year)"
    }
}
