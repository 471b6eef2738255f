import Formatting
import JSON

/// What to fix first, as the report and the snapshot show it (PRODUCT.md sections 8.5 and 8.7): feedback
/// themes with their quotes, the ranked roadmap, or without a backlog the improvement opportunities.
/// Reads a figures object; pure.
public enum PriorityModel {
    /// Themes with comments, highest negative share first.
    static func themes(_ figures: JSONValue) -> [JSONValue] {
        (figures["themes"]?.arrayValue ?? []).filter { ($0["comments"]?.intValue ?? 0) > 0 }
            .sorted { ($0["negative_share"]?.doubleValue ?? 0) > ($1["negative_share"]?.doubleValue ?? 0) }
    }

    /// "Not matched to any theme: 194 of 468 negative comments (41 %)", or "" without negative comments.
    public static func unmatchedText(_ figures: JSONValue) -> String {
        guard let unmatched = figures["themes_unmatched"]?["negative_unmatched"]?.doubleValue,
              let all = figures["themes_unmatched"]?["negative_comments"]?.doubleValue, all > 0 else { return "" }
        return "Not matched to any theme: \(FigureText.count(unmatched)) of \(FigureText.count(all)) negative "
            + "comments (\(Format.fixed(unmatched / all * 100, 0)) %)."
    }

    /// Rows of the themes table: `label`, `comments`, `negative`, `share`, `severity`, `quotes`.
    public static func themeRows(_ figures: JSONValue) -> [JSONValue] {
        themes(figures).map { theme in
            .object(JSONObject([
                ("label", .string(theme["label"]?.stringValue ?? "")),
                ("comments", .string(FigureText.count(theme["comments"]?.doubleValue))),
                ("negative", .string(FigureText.count(theme["negative"]?.doubleValue))),
                ("share", .string(Format.fixed((theme["negative_share"]?.doubleValue ?? 0) * 100, 0) + " %")),
                ("severity", .string(theme["severity"]?.stringValue ?? "low")),
                ("quotes", .array((theme["quotes"]?.arrayValue ?? []).map { quote in
                    .string("“\(quote.stringValue ?? "")”")
                })),
            ]))
        }
    }

    /// "Top improvement requests from feedback: accuracy (28 % of negative feedback), …", or nil when no
    /// theme holds negative feedback.
    public static func topRequests(_ figures: JSONValue) -> String? {
        let top = themes(figures).filter { ($0["negative"]?.intValue ?? 0) > 0 }.prefix(3)
        guard !top.isEmpty else { return nil }
        return "Top improvement requests from feedback: " + top.map { theme in
            "\(theme["label"]?.stringValue?.lowercased() ?? "") ("
                + Format.fixed((theme["negative_share"]?.doubleValue ?? 0) * 100, 0) + " % of negative feedback)"
        }.joined(separator: ", ") + "."
    }

    /// Rows of the roadmap: `rank`, `title`, `effort`, `label`, `score`, `rationale`.
    public static func roadmapRows(_ figures: JSONValue, limit: Int = .max) -> [JSONValue] {
        (figures["roadmap"]?.arrayValue ?? []).prefix(limit).enumerated().map { index, entry in
            let label = entry["label"]?.stringValue ?? ""
            return .object(JSONObject([
                ("rank", .string("\(index + 1)")), ("title", .string(entry["title"]?.stringValue ?? "")),
                ("effort", .string(entry["effort"]?.stringValue ?? "")), ("label", .string(label)),
                ("has_label", .bool(!label.isEmpty)),
                ("score", .string("impact \(Format.fixed(entry["impact"]?.doubleValue ?? 0, 2)), score "
                    + Format.fixed(entry["score"]?.doubleValue ?? 0, 2))),
                ("rationale", .string(entry["rationale"]?.stringValue ?? "")),
            ]))
        }
    }

    /// Without a backlog: the unmet and inconclusive criteria, then the high and medium themes.
    public static func opportunities(_ figures: JSONValue) -> [JSONValue] {
        var rows: [JSONValue] = []
        for state in Roadmap.states(figures["criteria"]?.arrayValue ?? [])
        where state.verdict == "not_met" || state.verdict == "inconclusive" {
            let verdict = state.verdict == "not_met" ? "not met" : "inconclusive"
            rows.append(.object(JSONObject([("label", .string(state.label)),
                                            ("text", .string("\(verdict) at \(state.reading)"))])))
        }
        for theme in themes(figures) where ["high", "medium"].contains(theme["severity"]?.stringValue ?? "") {
            let share = Format.fixed((theme["negative_share"]?.doubleValue ?? 0) * 100, 0)
            let quote = theme["quotes"]?.arrayValue?.first?.stringValue.map { ", e.g. “\($0)”" } ?? ""
            rows.append(.object(JSONObject([
                ("label", .string("Feedback: \(theme["label"]?.stringValue ?? "")")),
                ("text", .string("\(share) % of negative feedback (\(theme["severity"]?.stringValue ?? ""))\(quote)")),
            ])))
        }
        return rows
    }
}
