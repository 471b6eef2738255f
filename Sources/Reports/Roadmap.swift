import Program
import Formatting
import JSON

/// The prioritized roadmap of PRODUCT.md section 8.7, fully determined by the data: each backlog item's
/// impact from the verdicts of the criteria it moves and the negative share of the themes it addresses,
/// over its effort points. Pure.
public enum Roadmap {
    /// A ranked item.
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let title: String
        public let effort: String
        public let impact: Double
        public let score: Double
        /// `quick win`, `strategic bet`, or empty.
        public let label: String
        public let rationale: String
    }

    /// What the formula needs of a criterion: its verdict and how it reads.
    public struct CriterionState: Sendable {
        public let id: String
        public let label: String
        public let verdict: String
        /// `4.07 / 5 (4.03–4.11) against > 4 / 5`.
        public let reading: String
        public init(id: String, label: String, verdict: String, reading: String) {
            self.id = id
            self.label = label
            self.verdict = verdict
            self.reading = reading
        }
    }

    /// `not_met` 1, `inconclusive` 0.5, else 0.
    static func weight(_ verdict: String) -> Double {
        verdict == "not_met" ? 1 : verdict == "inconclusive" ? 0.5 : 0
    }

    /// The backlog ranked by score, then impact, then id.
    public static func rank(_ backlog: [BacklogItem], criteria: [CriterionState],
                            themes: [FeedbackThemes.Result]) -> [Entry] {
        let criterionByID = Dictionary(criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let themeByID = Dictionary(themes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let entries = backlog.map { item -> Entry in
            let moved = item.criteria.compactMap { criterionByID[$0] }
            let addressed = item.themes.compactMap { themeByID[$0] }
            let impact = moved.map { weight($0.verdict) }.reduce(0, +) + addressed.map(\.negativeShare).reduce(0, +)
            let label = item.effort.points <= 2 && impact >= 0.25 ? "quick win"
                : item.effort.points >= 3 && impact >= 0.5 ? "strategic bet" : ""
            return Entry(id: item.id, title: item.title, effort: item.effort.rawValue, impact: impact,
                         score: impact / item.effort.points, label: label,
                         rationale: rationale(moved: moved, addressed: addressed))
        }
        return entries.sorted { ($1.score, $1.impact, $0.id) < ($0.score, $0.impact, $1.id) }
    }

    /// "addresses 40 % of negative feedback: accuracy 28 %, missing context 12 %; moves Technician
    /// satisfaction, inconclusive at 4.07 / 5 (4.03–4.11) against > 4 / 5".
    static func rationale(moved: [CriterionState], addressed: [FeedbackThemes.Result]) -> String {
        var parts: [String] = []
        if !addressed.isEmpty {
            let total = addressed.map(\.negativeShare).reduce(0, +)
            let each = addressed.filter { $0.negativeShare > 0 }
                .map { "\($0.label.lowercased()) \(percent($0.negativeShare))" }.joined(separator: ", ")
            parts.append(each.isEmpty ? "addresses themes with no negative feedback this period"
                : "addresses \(percent(total)) of negative feedback: \(each)")
        }
        if !moved.isEmpty {
            let each = moved.map { criterion -> String in
                let verdict = criterion.verdict.replacing("_", with: " ")
                return "\(criterion.label), \(verdict) at \(criterion.reading)"
            }.joined(separator: "; ")
            parts.append("moves \(each)")
        }
        return parts.isEmpty ? "moves no declared criterion or theme" : parts.joined(separator: "; ")
    }

    static func percent(_ share: Double) -> String { Format.fixed(share * 100, 0) + " %" }

    /// The `roadmap` array of the figures object.
    public static func json(_ entries: [Entry]) -> JSONValue {
        .array(entries.map { entry in
            .object(JSONObject([
                ("id", .string(entry.id)), ("title", .string(entry.title)), ("effort", .string(entry.effort)),
                ("impact", .double(entry.impact)), ("score", .double(entry.score)), ("label", .string(entry.label)),
                ("rationale", .string(entry.rationale)),
            ]))
        })
    }
}

extension Roadmap {
    /// The criteria of a figures object as the formula reads them.
    public static func states(_ criteria: [JSONValue]) -> [CriterionState] {
        criteria.map { criterion in
            let value = FigureText.criterionValue(criterion)
            let target = FigureText.criterionTarget(criterion)
            return CriterionState(id: criterion["id"]?.stringValue ?? "", label: criterion["label"]?.stringValue ?? "",
                                  verdict: criterion["verdict"]?.stringValue ?? "no_data",
                                  reading: "\(value) against \(target)")
        }
    }
}
