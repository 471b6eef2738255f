import JSON

/// Table-based bar charts for mail (PRODUCT.md section 7: no images): a share of 0-100 becomes `bar`
/// (one block per 5 %, for Markdown) and `bar_pct` (a table width, at least 1 so the cell exists).
enum Bars {
    /// `part` as a whole-number percentage of `whole` (0 when `whole` is 0).
    static func share(_ part: Double, of whole: Double) -> Int {
        whole > 0 ? Int((part / whole * 100).rounded()) : 0
    }

    /// The `bar` and `bar_pct` fields of a row.
    static func fields(share: Int) -> [(String, JSONValue)] {
        [("bar", .string(String(repeating: "█", count: share / 5))), ("bar_pct", .string("\(max(share, 1))"))]
    }

    /// Rows for the values 5 down to 1: `value`, `count`, `pct`, `bar`, `bar_pct` (ratings, Likert answers).
    static func fiveToOne(_ counts: [Int: Int]) -> JSONValue {
        let total = Double(counts.values.reduce(0, +))
        return .array((1...5).reversed().map { value in
            let count = counts[value] ?? 0
            let share = share(Double(count), of: total)
            return .object(JSONObject([("value", .string("\(value)")),
                                       ("count", .string(FigureText.count(Double(count)))),
                                       ("pct", .string("\(share) %"))]
                                      + fields(share: share)))
        })
    }
}
