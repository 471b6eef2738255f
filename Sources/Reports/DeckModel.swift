import Formatting
import JSON

/// The executive deck's view model (PRODUCT.md section 8.9): the report's own view model plus what slides
/// need in fewer words (capped lists, risks, next steps), so every figure on a slide is the report's.
/// Pure.
public enum DeckModel {
    /// At most this many tenants on the tenants slide; the rest are counted.
    static let tenantLimit = 8

    /// Adds the deck's fields to the report view model `report` built from `figures`.
    public static func build(report: JSONValue, figures: JSONValue) -> JSONValue {
        guard var object = report.objectValue else { return report }
        let criteria = figures["criteria"]?.arrayValue ?? []
        let tenants = report["tenants"]?.arrayValue ?? []
        object["tenants_top"] = .array(Array(tenants.prefix(tenantLimit)))
        object["tenants_more"] = .string(tenants.count > tenantLimit
            ? "and \(tenants.count - tenantLimit) more tenants in the report" : "")
        object["findings_top"] = .array(Array((report["findings"]?.arrayValue ?? []).prefix(4)))
        object["roadmap_top"] = .array(Array((report["roadmap"]?.arrayValue ?? []).prefix(5)))
        object["opportunities_top"] = .array(Array((report["opportunities"]?.arrayValue ?? []).prefix(5)))
        object["themes_top"] = .array(Array((report["themes"]?.arrayValue ?? []).prefix(5)).map { theme in
            guard var row = theme.objectValue else { return theme }
            row["quotes"] = .array(Array((theme["quotes"]?.arrayValue ?? []).prefix(1)))
            return .object(row)
        })
        object["success_headline"] = .string(headline(criteria, metric: "success_rate_pct", figures: figures))
        object["latency_headline"] = .string(headline(criteria, metric: "latency_p95_seconds", figures: figures))
        object["daily_top"] = .array(Array((report["daily"]?.arrayValue ?? []).prefix(10)))
        let risks = self.risks(criteria, figures: figures, report: report)
        object["risks"] = .array(risks.map(JSONValue.string))
        object["has_risks"] = .bool(!risks.isEmpty)
        object["next_steps"] = .array(nextSteps(criteria, report: report).map(JSONValue.string))
        return .object(object)
    }

    /// `98.4 % (98.3–98.5), met against > 95 %` for the first criterion on `metric`, else the bare value.
    static func headline(_ criteria: [JSONValue], metric: String, figures: JSONValue) -> String {
        let unit = CriterionStatistics.unit(of: metric)
        guard let criterion = criteria.first(where: { $0["metric"]?.stringValue == metric }) else {
            return FigureText.value(figures[metric]?.doubleValue, unit: unit)
        }
        let value = FigureText.criterionValue(criterion)
        let target = FigureText.criterionTarget(criterion)
        return "\(value): \(FigureText.verdict(criterion["verdict"]?.stringValue)) against \(target)"
    }

    /// What could still go wrong: criteria not met or undecided, loud feedback themes, gaps in the data.
    static func risks(_ criteria: [JSONValue], figures: JSONValue, report: JSONValue) -> [String] {
        var risks: [String] = []
        for criterion in criteria {
            let label = criterion["label"]?.stringValue ?? ""
            let value = FigureText.criterionValue(criterion)
            switch criterion["verdict"]?.stringValue {
            case "not_met": risks.append("\(label) is not met: \(value).")
            case "inconclusive": risks.append("\(label) is not decided yet: \(value) straddles the target.")
            case "no_data": risks.append("\(label) has no data.")
            default: break
            }
        }
        for theme in report["themes"]?.arrayValue ?? [] where theme["severity"] == .string("high") {
            risks.append("Feedback: \(theme["label"]?.stringValue ?? "") holds \(theme["share"]?.stringValue ?? "") of "
                + "the negative comments.")
        }
        if let note = report["satisfaction_note"]?.stringValue, !note.isEmpty { risks.append(note) }
        let excluded = figures["excluded_windows"]?.arrayValue?.count ?? 0
        if excluded > 0 {
            let coverage = report["coverage"]?.stringValue ?? ""
            risks.append("\(excluded) window(s) of bad data were left out; coverage \(coverage).")
        }
        return risks
    }

    /// The decision the numbers call for, then the roadmap's first items.
    static func nextSteps(_ criteria: [JSONValue], report: JSONValue) -> [String] {
        let verdicts = criteria.compactMap { $0["verdict"]?.stringValue }
        var steps: [String] = []
        if verdicts.contains("not_met") {
            steps.append("Fix what is not met before the next review; each fix has an owner and a date.")
        } else if verdicts.contains("inconclusive") {
            steps.append("Keep measuring until the undecided criteria settle (see the sample sizes in the report).")
        } else if !verdicts.isEmpty {
            steps.append("Every criterion is met: keep the platform funded and set the next targets.")
        }
        for item in (report["roadmap"]?.arrayValue ?? []).prefix(3) {
            let label = item["label"]?.stringValue ?? ""
            steps.append("\(item["title"]?.stringValue ?? "") (effort \(item["effort"]?.stringValue ?? "")"
                + (label.isEmpty ? ")" : ", \(label))"))
        }
        if report["roadmap"]?.arrayValue?.isEmpty ?? true {
            for item in (report["opportunities"]?.arrayValue ?? []).prefix(3) {
                steps.append("\(item["label"]?.stringValue ?? ""): \(item["text"]?.stringValue ?? "")")
            }
        }
        steps.append("Review the metrics every Monday at 10:00 with the weekly snapshot.")
        return steps
    }
}
