import CivilTime
import Cron
import Formatting
import FoundationEssentials
import JSON

/// Prints a listing as an aligned text table or, with `--json`, as a JSON array of objects with
/// snake_case keys (PRODUCT.md section 4).
struct Listing {
    let columns: [String]
    var rows: [[JSONValue]] = []

    init(columns: [String]) { self.columns = columns }

    mutating func add(_ values: [JSONValue]) { rows.append(values) }

    func render(json: Bool) -> String {
        if json {
            let objects = rows.map { row in JSONValue.object(JSONObject(zip(columns, row).map { ($0, $1) })) }
            return JSONValue.array(objects).prettyJSONText + "\n"
        }
        let cells = [columns.map { $0.uppercased() }] + rows.map { $0.map(Self.text) }
        let widths = columns.indices.map { index in min(cells.map { $0[index].count }.max() ?? 0,
            Self.maximumCellWidth + 1) }
        return cells.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : Format.leftAligned(cell, widths[index])
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A text cell is at most this many characters (the rest is cut, marked with …); columns are padded
    /// to the widest cell up to this width, so one long value cannot fill the terminal with spaces.
    static let maximumCellWidth = 120

    /// A value as one safe line: control characters (terminal escapes, CR, LF, tabs) shown as `\u{..}`
    /// or `\n`, never sent to the terminal raw.
    static func text(_ value: JSONValue) -> String {
        let raw: String
        switch value {
        case .null: return "-"
        case .string(let s): raw = s
        default: raw = value.jsonText
        }
        var line = ""
        var count = 0
        for scalar in raw.unicodeScalars {
            guard count < maximumCellWidth else {
                line += "…"
                break
            }
            switch scalar {
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += " "
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format && scalar.value != 0x200D:
                line += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: line.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return line
    }

    /// A time as RFC 3339 with the zone's offset, or null.
    static func time(_ date: Date?, in zone: Zone) -> JSONValue {
        guard let date else { return .null }
        return .string(TimeText.format(date, in: zone))
    }
}
