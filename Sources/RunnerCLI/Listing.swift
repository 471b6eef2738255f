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
        let widths = columns.indices.map { index in cells.map { $0[index].count }.max() ?? 0 }
        return cells.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : Format.leftAligned(cell, widths[index])
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "-"
        case .string(let s): return s.replacing("\n", with: " ")
        default: return value.jsonText
        }
    }

    /// A time as RFC 3339 with the zone's offset, or null.
    static func time(_ date: Date?, in zone: Zone) -> JSONValue {
        guard let date else { return .null }
        return .string(TimeText.format(date, in: zone))
    }
}
