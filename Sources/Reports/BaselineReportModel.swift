import CivilTime
import Program
import Formatting
import FoundationEssentials
import JSON
import PlatformFigures
import Statistics

/// The view model of the end-of-baseline report (PRODUCT.md section 8.5): formatted strings only, so
/// the Markdown and HTML templates hold no logic.
public enum BaselineReportModel {
    /// Inputs beyond the figures object.
    public struct Context: Sendable {
        public var title: String
        public var scope: String
        public var feedback: FeedbackDetails
        /// Anomaly kind → its count in words (`16 (all warnings, on 6 days; kept in the figures)`).
        public var anomalies: [String: String]
        public var keptSeconds: Double
        public var periodSeconds: Double
        public var currency: String
        public var queries: [String]
        public var survey: SurveySummary
        /// The program's zone, for local times of excluded windows.
        public var zone: Zone
        /// How the appendix's queries ran.
        public var queryNote: String
        public init(title: String, scope: String, feedback: FeedbackDetails, anomalies: [String: String],
                    keptSeconds: Double, periodSeconds: Double, currency: String, queries: [String],
                    survey: SurveySummary, zone: Zone, queryNote: String = "") {
            self.zone = zone
            self.queryNote = queryNote
            self.title = title
            self.scope = scope
            self.feedback = feedback
            self.anomalies = anomalies
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
        let daily = figures["daily"]?.arrayValue ?? []
        let verdicts = criteria.map { $0["verdict"]?.stringValue ?? "no_data" }
        let count = { (verdict: String) in verdicts.filter { $0 == verdict }.count }
        var object = JSONObject([
            ("title", .string(context.title)), ("scope", .string(context.scope)),
            ("period", .string(Wording.period(start: figures["period_start"]?.stringValue,
                end: figures["period_end"]?.stringValue) ?? "the baseline window")),
            ("period_label", .string(Wording.period(start: figures["period_start"]?.stringValue,
                end: figures["period_end"]?.stringValue) ?? "the baseline window")),
            ("criteria_met", .string("\(count("met")) of \(criteria.count)")),
            ("verdict_counts",
                .string("\(count("met")) met, \(count("not_met")) not met, \(count("inconclusive")) inconclusive"
                                       + (count("no_data") > 0 ? ", \(count("no_data")) without data" : ""))),
            ("headline", .string(headline(criteria))),
            ("readiness", .string(readiness(criteria))),
            ("roi", .string(roiText(figures, context.currency))),
            ("roi_basis", .string(roiBasis(figures))),
            ("tickets", .string(figures["tickets_enhanced"]?.doubleValue.map(FigureText.count) ?? "–")),
        ])
        object["criteria"] = .array(criteria.map(criterionRow))
        object["findings"] = .array((findings(figures, criteria: criteria) + [PriorityModel.topRequests(figures)]
            .compactMap { $0 }).map(JSONValue.string))
        object["client_findings"] = .array(clientFindings(figures, criteria: criteria).map(JSONValue.string))
        object["themes"] = .array(PriorityModel.themeRows(figures))
        object["has_themes"] = .bool(!PriorityModel.themeRows(figures).isEmpty)
        object["themes_unmatched"] = .string(PriorityModel.unmatchedText(figures))
        object["roadmap"] = .array(PriorityModel.roadmapRows(figures))
        object["has_roadmap"] = .bool(!(figures["roadmap"]?.arrayValue ?? []).isEmpty)
        object["opportunities"] = .array(PriorityModel.opportunities(figures))
        object["research"] = .string(researchText(figures))
        object["research_definition"] = .string("How it is measured: the platform's research-time gauges give the "
            + "minutes a technician spends researching a ticket without the enhancement and with it; each is "
            + "averaged over the period and across clients by their tickets, and the reduction and the value "
            + "saved follow from the two.")
        object["satisfaction"] = .array(satisfaction(figures, criteria: criteria))
        object["satisfaction_note"] = .string(satisfactionNote(figures, criteria: criteria))
        object["has_tenants"] = .bool(!(figures["tenants"]?.arrayValue ?? []).isEmpty)
        object["tenants"] = .array((figures["tenants"]?.arrayValue ?? []).map { tenantRow($0, criteria: criteria) })
        object["methods"] = .array(Array(Set(criteria.compactMap { criterion -> String? in
            guard let method = criterion["method"]?.stringValue else { return nil }
            return "\(criterion["label"]?.stringValue ?? ""): \(method)"
        })).sorted().map(JSONValue.string))
        object["statistics"] = .array([
            ("Success rate", "success_rate_pct", "%"), ("p95 latency", "latency_p95_seconds", "s"), ("Tickets per day",
                "tickets", ""),
            ("Average rating", "avg_rating", "/ 5"), ("Research time reduction", "resolution_time_reduction_pct", "%"),
        ].map { label, key, unit in
            let values = daily.compactMap { $0[key]?.doubleValue }
            return .object(JSONObject([
                ("metric", .string(label)), ("mean", .string(FigureText.value(Statistics.mean(values), unit: unit))),
                ("median", .string(FigureText.value(Statistics.median(values), unit: unit))),
                ("sd", .string(FigureText.value(Statistics.standardDeviation(values), unit: unit))), ("days",
                    .string("\(values.count)")),
            ]))
        })
        object["latency"] = .string("p50 \(format(figures["latency_p50_seconds"], digits: 1)) s, p95 "
            + "\(format(figures["latency_p95_seconds"], digits: 1)) s, "
                                    + "p99 \(format(figures["latency_p99_seconds"], digits: 1)) s")
        let maxTickets = daily.compactMap { $0["tickets"]?.doubleValue }.max() ?? 0
        object["daily"] = .array(daily.map { day in
            let share = Bars.share(day["tickets"]?.doubleValue ?? 0, of: maxTickets)
            return .object(JSONObject([
                ("date", .string(dayLabel(day["date"]?.stringValue ?? ""))), ("success",
                    .string(format(day["success_rate_pct"], digits: 1, suffix: " %"))),
                ("p95", .string(format(day["latency_p95_seconds"], digits: 1, suffix: " s"))), ("tickets",
                    .string(FigureText.count(day["tickets"]?.doubleValue))),
                ("rating", .string(FigureText.value(day["avg_rating"]?.doubleValue, unit: "/ 5"))),
            ] + Bars.fields(share: share)))
        })
        object["ratings"] = Bars.fiveToOne(context.feedback.distribution)
        object["thumbs"] = .string("\(FigureText.count(figures["thumbs_up"]?.doubleValue)) up, "
            + "\(FigureText.count(figures["thumbs_down"]?.doubleValue)) down, "
                                   + "\(format(figures["positive_feedback_pct"], digits: 1, suffix: " %")) positive")
        object["average_rating"] = .string("\(FigureText.value(figures["avg_rating"]?.doubleValue, unit: "/ 5")) over "
            + "\(FigureText.count(figures["rating_count"]?.doubleValue)) ratings")
        context.survey.fill(&object)
        let coverage = context.periodSeconds > 0 ? context.keptSeconds / context.periodSeconds * 100 : nil
        object["coverage"] = .string(coverage.map { Format.fixed($0, 1) + " %" } ?? "–")
        object["anomalies"] = .array(context.anomalies.sorted { $0.key < $1.key }.map { kind, count in
            .object(JSONObject([("kind", .string(Wording.anomalyKind(kind))), ("count", .string(count))]))
        })
        object["excluded"] = .array((figures["excluded_windows"]?.arrayValue ?? []).map { window in
            let start = Wording.instant(window["start"]?.stringValue), end = Wording.instant(window["end"]?.stringValue)
            let text = start.flatMap { s in end.map { HumanTime.window(s, $0,
                in: context.zone) } } ?? "(window unknown)"
            return .object(JSONObject([("kind", .string(Wording.anomalyKind(window["kind"]?.stringValue ?? ""))),
                                ("window", .string(text)),
                                ("reason", .string(window["reason"]?.stringValue ?? "excluded"))]))
        })
        object["has_excluded"] = .bool(!(figures["excluded_windows"]?.arrayValue ?? []).isEmpty)
        object["has_gaps"] = .bool(!gaps(criteria).isEmpty)
        object["gaps"] = .array(gaps(criteria).map { .object(JSONObject([("label", .string($0.0)),
                ("gap", .string($0.1))])) })
        object["queries"] = .array(context.queries.map { .string($0) })
        object["query_note"] = .string(context.queryNote)
        return .object(object)
    }

    /// One row of the criteria table: the value beside its interval, the sample size, the verdict in words
    /// and, when inconclusive, what would settle it.
    static func criterionRow(_ criterion: JSONValue) -> JSONValue {
        let verdict = criterion["verdict"]?.stringValue
        var settle = ""
        if verdict == "inconclusive" {
            if let needed = criterion["settling_n"]?.doubleValue, let n = criterion["n"]?.doubleValue {
                settle = criterion["method"]?.stringValue?.hasPrefix("day-to-day") == true
                    ? "would settle after about \(FigureText.count(needed)) days at today's spread (now "
                        + "\(FigureText.count(n)))"
                    : "would settle at about \(FigureText.count(needed)) observations if the value holds (now "
                        + "\(FigureText.count(n)))"
            } else if criterion["ci_low"] == .null {
                settle = "too little data for an interval"
            } else {
                settle = "the value sits on the target: more data will not settle it"
            }
        }
        return .object(JSONObject([
            ("label", .string(criterion["label"]?.stringValue ?? "")),
            ("target", .string(FigureText.criterionTarget(criterion))),
            ("actual", .string(FigureText.criterionValue(criterion))),
            ("n", .string(sampleText(criterion))),
            ("status", .string(FigureText.verdict(verdict))),
            ("met", .bool(verdict == "met")),
            ("settle", .string(settle)),
        ]))
    }

    /// `n = 1,020 finished` style text for a criterion's sample size.
    public static func sampleText(_ criterion: JSONValue) -> String {
        guard let n = criterion["n"]?.doubleValue else { return "n = 0" }
        let what: String
        switch criterion["method"]?.stringValue {
        case CriterionStatistics.Method.wilson.rawValue:
            what = criterion["metric"]?.stringValue == "success_rate_pct" ? "finished" : "votes"
        case CriterionStatistics.Method.mean.rawValue:
            what = criterion["metric"]?.stringValue == "avg_rating" ? "ratings" : "answers"
        case CriterionStatistics.Method.quantile.rawValue: what = "requests"
        default: what = "days"
        }
        return "n = \(FigureText.count(n)) \(what)"
    }

    /// The one-line verdict of the executive summary.
    public static func headline(_ criteria: [JSONValue]) -> String {
        let verdicts = criteria.map { $0["verdict"]?.stringValue ?? "no_data" }
        let labels = { (verdict: String) in
            criteria.filter { $0["verdict"]?.stringValue == verdict }.compactMap { $0["label"]?.stringValue }
                .joined(separator: ", ")
        }
        if criteria.isEmpty { return "No success criteria are declared." }
        let met = verdicts.filter { $0 == "met" }.count
        if met == criteria.count {
            let all = met == 1 ? "its success criterion" : "all \(met) success criteria"
            return "\(readiness(criteria)): the baseline meets \(all) with 95 % confidence."
        }
        // The rest, counted in words: "; the other 4 criteria are met" or "; of the other 4 criteria, 3 are met
        // and 1 is inconclusive".
        func others(excluding verdict: String, alsoNamed named: Int = 0) -> String {
            let groups = [("met", "met"), ("inconclusive", "inconclusive"), ("not_met", "not met"), ("no_data",
                "without data")].filter { $0.0 != verdict }.compactMap { key, words -> (Int, String)? in
                let count = verdicts.filter { $0 == key }.count - (key == "met" ? named : 0)
                return count == 0 ? nil : (count, words)
            }
            let total = groups.map(\.0).reduce(0, +)
            guard total > 0 else { return "" }
            if groups.count == 1 {
                return total == 1 ? "; the other criterion is \(groups[0].1)"
                    : "; the other \(total) criteria are \(groups[0].1)"
            }
            let parts = groups.map { "\($0.0) \($0.0 == 1 ? "is" : "are") \($0.1)" }
            return "; of the other \(total) criteria, " + parts.dropLast().joined(separator: ", ") + " and "
                + parts[parts.count - 1]
        }
        if verdicts.contains("not_met") {
            // A met criterion on the same figure as a missed one (success rate > 95 % beside NFR003's ≥ 99 %) is
            // named with it, so one number is not read as both fine and short.
            var named = 0
            let missed = criteria.filter { $0["verdict"]?.stringValue == "not_met" }.map { criterion -> String in
                let value = FigureText.criterionValue(criterion)
                let target = FigureText.criterionTarget(criterion)
                let sameFigure = criteria.filter {
                    $0["verdict"]?.stringValue == "met" && $0["metric"] == criterion["metric"]
                }
                named += sameFigure.count
                let also = sameFigure.map { "\($0["label"]?.stringValue ?? "")'s \(FigureText.criterionTarget($0))" }
                return "\(criterion["label"]?.stringValue ?? "") is \(value) against \(target)"
                    + (also.isEmpty ? "" : " (the same figure meets " + also.joined(separator: " and ") + ")")
            }
            return "\(readiness(criteria)): " + missed.joined(separator: "; ")
                + others(excluding: "not_met", alsoNamed: named) + "."
        }
        if verdicts.contains("inconclusive") {
            return "\(readiness(criteria)): \(labels("inconclusive")) cannot be told apart from the target with this "
                + "much data" + others(excluding: "inconclusive") + "."
        }
        return "\(readiness(criteria)): some criteria have no data: \(labels("no_data"))."
    }

    /// The decision in two or three words, first in the headline and the mail's subject: `Ready` when every
    /// criterion is met with 95 % confidence, `Not ready` when one is not met, else `Not decided yet`.
    public static func readiness(_ criteria: [JSONValue]) -> String {
        let verdicts = criteria.map { $0["verdict"]?.stringValue ?? "no_data" }
        if verdicts.isEmpty { return "Not decided yet" }
        if verdicts.allSatisfy({ $0 == "met" }) { return "Ready" }
        if verdicts.contains("not_met") { return "Not ready" }
        return "Not decided yet"
    }

    /// Sentences written from the numbers: what an executive should take away.
    public static func findings(_ figures: JSONValue, criteria: [JSONValue]) -> [String] {
        var sentences: [String] = []
        // What needs a decision first (not met, then undecided, then without data), then what is fine; the
        // deck's summary shows the first four.
        let rank = ["not_met": 0, "inconclusive": 1, "no_data": 2, "met": 3]
        let ordered = criteria.enumerated().sorted { a, b in
            let (ra, rb) = (rank[a.element["verdict"]?.stringValue ?? ""] ?? 2, rank[b.element["verdict"]?.stringValue
                ?? ""] ?? 2)
            return (ra, a.offset) < (rb, b.offset)
        }.map(\.element)
        for criterion in ordered {
            let label = criterion["label"]?.stringValue ?? ""
            let value = FigureText.criterionValue(criterion)
            let target = FigureText.criterionTarget(criterion)
            switch criterion["verdict"]?.stringValue {
            case "met": sentences.append("\(label) is \(value), clear of its target \(target).")
            case "not_met": sentences.append("\(label) is \(value): short of its target \(target) even at the "
                + "favourable end of its interval.")
            case "inconclusive": sentences.append("\(label) is \(value): the interval includes the target \(target), "
                + "so it is not decided yet.")
            default: sentences.append("\(label) has no data in the window.")
            }
        }
        if let minutes = figures["roi_basis"]?["minutes_saved_per_ticket"]?.doubleValue {
            sentences.append("Each enhanced ticket saved technicians about \(Format.fixed(minutes, 1)) minutes of "
                + "research.")
        }
        sentences += clientFindings(figures, criteria: criteria)
        return sentences
    }

    /// For each criterion not met or undecided overall, which clients miss it, worst first: where to look.
    public static func clientFindings(_ figures: JSONValue, criteria: [JSONValue]) -> [String] {
        let tenants = figures["tenants"]?.arrayValue ?? []
        guard tenants.count > 1 else { return [] }
        var sentences: [String] = []
        for criterion in criteria where ["not_met", "inconclusive"].contains(criterion["verdict"]?.stringValue ?? "") {
            guard let id = criterion["id"]?.stringValue, let target = criterion["target"]?.doubleValue else { continue }
            let unit = criterion["unit"]?.stringValue ?? ""
            let higherIsBetter = (criterion["op"]?.stringValue ?? ">").hasPrefix(">")
            let missing = tenants.compactMap { tenant -> (String, Double, Double?, Double?)? in
                guard let own = tenant["criteria"]?.arrayValue?.first(where: { $0["id"]?.stringValue == id }),
                      own["verdict"]?.stringValue == "not_met",
                          let actual = own["actual"]?.doubleValue else { return nil }
                return (tenant["name"]?.stringValue ?? "", actual, own["ci_low"]?.doubleValue,
                        own["ci_high"]?.doubleValue)
            }.sorted { higherIsBetter ? $0.1 < $1.1 : $0.1 > $1.1 }
            let label = criterion["label"]?.stringValue ?? id
            guard !missing.isEmpty else {
                sentences.append("\(label): no single client misses it on its own; the shortfall is spread "
                    + "across them.")
                continue
            }
            let named = missing.prefix(3).map { "\($0.0) (\(FigureText.value($0.1, unit: unit)))" }
                .joined(separator: ", then ")
            // When every missing client's interval overlaps the others', their order is noise: say so, so nobody
            // chases the "worst" client of a platform-wide shortfall.
            let lows = missing.compactMap(\.2), highs = missing.compactMap(\.3)
            let overlap = missing.count > 1 && lows.count == missing.count && highs.count == missing.count
                && (lows.max() ?? 0) <= (highs.min() ?? 0)
            sentences.append("\(label) is missed most at \(named); \(missing.count) of \(tenants.count) clients miss "
                + "\(FigureText.target(op: criterion["op"]?.stringValue, target, unit: unit)) on their own"
                + (overlap ? "; their intervals overlap, so the shortfall is platform-wide rather than one client's."
                    : "."))
        }
        return sentences
    }

    /// Research time before and after, in minutes, with the reduction.
    static func researchText(_ figures: JSONValue) -> String {
        guard let before = figures["resolution_time_before_seconds"]?.doubleValue,
              let after = figures["resolution_time_after_seconds"]?.doubleValue else { return "No research-time data "
                  + "in the window." }
        let reduction = figures["resolution_time_reduction_pct"]?.doubleValue
        return "\(Format.fixed(before / 60, 1)) min per ticket without enhancement, \(Format.fixed(after / 60, 1)) min "
            + "with it"
            + (reduction.map { " (\(Format.fixed($0, 1)) % less)" } ?? "") + ", weighted by each tenant's tickets."
    }

    /// The in-product rating and the survey's overall answer side by side, each judged against the
    /// satisfaction criterion's target.
    static func satisfaction(_ figures: JSONValue, criteria: [JSONValue]) -> [JSONValue] {
        let target = criteria.first { $0["metric"]?.stringValue == "avg_rating" }
            ?? criteria.first { $0["metric"]?.stringValue == "survey_overall_mean" }
        let op = target?["op"]?.stringValue ?? ">", goal = target?["target"]?.doubleValue ?? 4
        let comparison = Verdict.Comparison(rawValue: op) ?? .greater
        return [("In-product rating", "avg_rating", "avg_rating", figures["rating_count"]?.doubleValue, "ratings"),
                ("Survey, overall quality", "survey_overall_mean", "survey_overall",
                    figures["survey_overall_n"]?.doubleValue, "technicians")]
            .map { source, metric, prefix, n, what in
                let value = figures[metric]?.doubleValue
                let low = figures["\(prefix)_ci_low"]?.doubleValue, high = figures["\(prefix)_ci_high"]?.doubleValue
                let interval = low.flatMap { l in high.map { Interval(l, $0) } }
                let verdict = Verdict.judge(actual: value, interval: interval, comparison, goal)
                return .object(JSONObject([
                    ("source", .string(source)),
                    ("value", .string(FigureText.withInterval(value, low: low, high: high, unit: "/ 5"))),
                    ("n", .string("n = \(FigureText.count(n ?? 0)) \(what)" + ((n ?? 0) > 0 && (n
                        ?? 0) < 10 ? " (too few to rely on)" : ""))),
                    ("verdict",
                        .string("\(FigureText.verdict(verdict.rawValue)) against \(FigureText.comparison(op)) "
                            + "\(FigureText.value(goal, unit: "/ 5"))")),
                    ("raw_verdict", .string(verdict.rawValue)),
                ]))
            }
    }

    /// A sentence when the two satisfaction sources disagree.
    static func satisfactionNote(_ figures: JSONValue, criteria: [JSONValue]) -> String {
        let rows = satisfaction(figures, criteria: criteria)
        let verdicts = rows.compactMap { $0["raw_verdict"]?.stringValue }
        guard verdicts.count == 2, verdicts[1] != "no_data" else { return "" }
        if Set(verdicts) == ["met", "not_met"] {
            return "The two sources disagree: the in-product rating is \(FigureText.verdict(verdicts[0])) and the "
                + "survey "
                + "\(FigureText.verdict(verdicts[1])) against the same target."
        }
        if verdicts[1] == "inconclusive" && verdicts[0] != "inconclusive" {
            return "The survey has too few answers (\(FigureText.count(figures["survey_overall_n"]?.doubleValue))) to "
                + "confirm or "
                + "contradict the in-product rating."
        }
        return ""
    }

    /// A tenant's row of the tenants table: name, volume, key figures with their intervals and each
    /// criterion's verdict.
    public static func tenantRow(_ tenant: JSONValue, criteria: [JSONValue]) -> JSONValue {
        let labels = Dictionary(criteria.compactMap { c in c["id"]?.stringValue.map { ($0,
            c["label"]?.stringValue ?? $0) } }, uniquingKeysWith: { a, _ in a })
        // "4 met; not met: Reliability (NFR003)": the count of what is fine, the names of what is not.
        let entries = tenant["criteria"]?.arrayValue ?? []
        let metCount = entries.filter { $0["verdict"]?.stringValue == "met" }.count
        var verdicts = ["\(metCount) met"]
        for verdict in ["not_met", "inconclusive", "no_data"] {
            let names = entries.filter { $0["verdict"]?.stringValue == verdict }.map { labels[$0["id"]?.stringValue
                ?? ""] ?? "" }
            if !names.isEmpty { verdicts.append("\(FigureText.verdict(verdict)): \(names.joined(separator: ", "))") }
        }
        // `98.4 % (98.3–98.5)`: the tenant's value beside its own interval, so a small client's figure is read
        // with the uncertainty its volume carries.
        func withInterval(_ metric: String, unit: String) -> String {
            let interval = tenant["intervals"]?[metric]
            return FigureText.withInterval(tenant[metric]?.doubleValue, low: interval?["ci_low"]?.doubleValue,
                                           high: interval?["ci_high"]?.doubleValue, unit: unit)
        }
        return .object(JSONObject([
            ("name", .string(tenant["name"]?.stringValue ?? "")),
            ("tickets", .string(FigureText.count(tenant["tickets_enhanced"]?.doubleValue))),
            ("success", .string(withInterval("success_rate_pct", unit: "%"))),
            ("p95", .string(withInterval("latency_p95_seconds", unit: "s"))),
            ("rating", .string(withInterval("avg_rating", unit: "/ 5"))),
            ("research", .string(withInterval("resolution_time_reduction_pct", unit: "%"))),
            ("verdicts", .string(verdicts.joined(separator: "; "))),
        ]))
    }

    /// `tickets × minutes saved × hourly rate`, with the numbers.
    static func roiBasis(_ figures: JSONValue) -> String {
        let basis = figures["roi_basis"]
        guard let tickets = basis?["tickets_enhanced"]?.doubleValue,
            let minutes = basis?["minutes_saved_per_ticket"]?.doubleValue else {
            return "no research-time data"
        }
        let rate = basis?["hourly_rate"]?.doubleValue.map { " × \(basis?["currency"]?.stringValue ?? "") "
            + "\(FigureText.grouped($0, digits: 0))/h" } ?? ""
        return "\(FigureText.count(tickets)) tickets × \(Format.fixed(minutes, 1)) min saved\(rate)"
    }

    /// Criteria not met, largest relative distance to target first.
    public static func gaps(_ criteria: [JSONValue]) -> [(String, String)] {
        criteria.compactMap { criterion -> (String, Double, String)? in
            guard criterion["met"] == .bool(false), let actual = criterion["actual"]?.doubleValue,
                  let target = criterion["target"]?.doubleValue,
                  target != 0 else { return nil }
            let distance = abs(actual - target) / abs(target)
            let unit = criterion["unit"]?.stringValue ?? ""
            let away = unit == "%" ? "\(Format.fixed(abs(actual - target), 1)) percentage points short"
                                   : "\(FigureText.value(abs(actual - target), unit: unit)) short"
            var text = "\(FigureText.value(actual, unit: unit)) against "
                + "\(FigureText.target(op: criterion["op"]?.stringValue, target, unit: unit)) (\(away))"
            if criterion["metric"]?.stringValue == "success_rate_pct", let finished = criterion["n"]?.doubleValue {
                // The failures the period could have had at the target, against the ones it had: at `≥ 99 %` of
                // 43,891, at most 438 (439 would be 98.9998 %); at `> 95 %` of 1,000, at most 49.
                let failed = (finished * (100 - actual) / 100).rounded()
                let limit = finished * (100 - target) / 100
                let strict = criterion["op"]?.stringValue == ">"
                let allowed = max(0, strict ? (limit - 1e-9).rounded(.up) - 1 : (limit + 1e-9).rounded(.down))
                text += "; \(FigureText.count(failed - allowed)) fewer failures in the period would have met it "
                    + "(\(FigureText.count(failed)) failed, at most \(FigureText.count(allowed)) allowed)"
            }
            return (criterion["label"]?.stringValue ?? "", distance, text)
        }.sorted { $0.1 > $1.1 }.map { ($0.0, $0.2) }
    }

    /// `Sat 5 Dec (weekend)` for `2026-12-05`.
    static func dayLabel(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return date }
        let days = CivilTime.days(year: parts[0], month: parts[1], day: parts[2])
        let weekday = CivilTime.weekday(days: days)
        return HumanTime.day(days: days) + (weekday == 0 || weekday == 6 ? " (weekend)" : "")
    }

    /// The value of the research time saved over the period, before platform costs (not a net return).
    static func roiText(_ figures: JSONValue, _ currency: String) -> String {
        guard let hours = figures["roi_hours_saved"]?.doubleValue else { return "no data" }
        let hoursLow = figures["roi_hours_ci_low"]?.doubleValue, hoursHigh = figures["roi_hours_ci_high"]?.doubleValue
        // " (1,200–1,400 h)" when both ends are known.
        func range(_ low: Double?, _ high: Double?, prefix: String = "", suffix: String = "") -> String {
            guard let low, let high else { return "" }
            return " (\(prefix)\(FigureText.count(low))–\(FigureText.count(high))\(suffix))"
        }
        let hoursText = "\(FigureText.count(hours)) technician hours saved" + range(hoursLow, hoursHigh, suffix: " h")
        if let value = figures["roi_value"]?.doubleValue {
            let interval = range(figures["roi_value_ci_low"]?.doubleValue, figures["roi_value_ci_high"]?.doubleValue,
                              prefix: "95 % interval \(currency) ")
            return "\(currency) \(FigureText.count(value))\(interval); \(hoursText)"
        }
        return hoursText
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

}
