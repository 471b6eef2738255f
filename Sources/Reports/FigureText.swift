import Formatting
import JSON

/// Numbers as people read them in reports: units on every value, intervals beside it, thousands
/// separators and whole numbers for counts, words for verdicts (PRODUCT.md section 7). Pure.
public enum FigureText {
    /// The decimals a unit is shown with.
    static func digits(_ unit: String) -> Int {
        switch unit {
        case "/ 5": return 2
        case "%", "s": return 1
        default: return 1
        }
    }

    /// `98.4 %`, `34.8 s`, `4.07 / 5`, `1,234 tickets/day`; "no data" without a value.
    public static func value(_ value: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return "no data" }
        let number = unit.isEmpty || unit == "tickets/day" || unit == "h" ? grouped(value, digits: unit.isEmpty ? 0 : 1)
                                                                         : Format.fixed(value, digits(unit))
        return unit.isEmpty ? number : "\(number) \(unit)"
    }

    /// `98.4 % (98.3–98.5)`, or the value alone when there is no interval.
    public static func withInterval(_ value: Double?, low: Double?, high: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return "no data" }
        guard let low, let high else { return self.value(value, unit: unit) + " (no interval)" }
        let places = digits(unit)
        return self.value(value, unit: unit) + " (\(Format.fixed(low, places))–\(Format.fixed(high, places)))"
    }

    /// A figures object's criterion entry as people read it: its value beside its interval, in its unit
    /// (`98.4 % (98.3–98.5)`).
    public static func criterionValue(_ criterion: JSONValue) -> String {
        withInterval(criterion["actual"]?.doubleValue, low: criterion["ci_low"]?.doubleValue,
                     high: criterion["ci_high"]?.doubleValue, unit: criterion["unit"]?.stringValue ?? "")
    }

    /// A criterion entry's target in its unit (`> 95 %`).
    public static func criterionTarget(_ criterion: JSONValue) -> String {
        target(op: criterion["op"]?.stringValue, criterion["target"]?.doubleValue,
               unit: criterion["unit"]?.stringValue ?? "")
    }

    /// A whole count with thousands separators: `269,638`.
    public static func count(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "no data" }
        return grouped(value, digits: 0)
    }

    /// A number with thousands separators and `digits` decimals.
    public static func grouped(_ value: Double, digits: Int) -> String {
        let text = Format.fixed(abs(value), digits)
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = String(parts[0])
        var out = ""
        for (index, character) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return (value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "−" : "") + out
    }

    /// A verdict in words.
    public static func verdict(_ raw: String?) -> String {
        switch raw {
        case "met": return "met"
        case "not_met": return "not met"
        case "inconclusive": return "inconclusive"
        default: return "no data"
        }
    }

    /// A target such as `> 20 %`.
    public static func target(op: String?, _ target: Double?, unit: String) -> String {
        guard let target else { return "no target" }
        let number = target == target.rounded() ? String(Int(target)) : Format.fixed(target, digits(unit))
        return "\(comparison(op ?? "")) \(number)" + (unit.isEmpty ? "" : " \(unit)")
    }

    /// A criterion's operator as people write it: `≥` and `≤` for `>=` and `<=`.
    public static func comparison(_ op: String) -> String {
        switch op {
        case ">=": return "≥"
        case "<=": return "≤"
        default: return op
        }
    }
}
