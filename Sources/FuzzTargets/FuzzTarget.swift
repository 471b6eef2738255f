import CivilTime
import Config
import Cron
import CSV
import FoundationEssentials
import JSON
import MetricsHTTP
import MIME
import Templates

/// One parser of outside input under fuzzing (PRODUCT.md section 12): arbitrary bytes go in; a crash, a
/// hang, a sanitizer report or a broken property (checked with `precondition`) is a finding. The same
/// checks replay the seed corpus in the unit tests (`FuzzCorpusTests`) and in `baseline-fuzz TARGET FILE`.
public struct FuzzTarget: Sendable {
    /// The name `scripts/fuzz` and `FUZZ_TARGET` use; also the seed corpus folder in `Tests/FuzzCorpus`.
    public let name: String
    /// What arrives through it and what is checked beyond "does not crash".
    public let summary: String
    /// Runs one input.
    public let check: @Sendable ([UInt8]) -> Void

    /// Every target, in the order `scripts/fuzz` runs them.
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "cron", summary: "job schedules; a parsed schedule's next firing is later", check: checkCron),
        FuzzTarget(name: "duration", summary: "job durations; within 0 s and the saturation bound",
                   check: checkDuration),
        FuzzTarget(name: "json", summary: "job files, Prometheus answers; serialising and parsing again is equal",
                   check: checkJSON),
        FuzzTarget(name: "mustache", summary: "templates; parse, then render with HTML escaping", check: checkMustache),
        FuzzTarget(name: "csv", summary: "rosters and survey imports; lines increase, every record has a field",
                   check: checkCSV),
        FuzzTarget(name: "mail-address", summary: "recipients; no CR, LF or NUL survives, printing parses again",
                   check: checkMailAddress),
        FuzzTarget(name: "tzif", summary: "zone files; offsets within a day, local times resolve", check: checkTZif),
        FuzzTarget(name: "http-head", summary: "the metrics endpoint's requests; one answer each, paths without '?'",
                   check: checkHTTPHead),
    ]

    /// The target called `name`, if any.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private static let epoch = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z

    private static func checkCron(_ bytes: [UInt8]) {
        guard bytes.count <= 256, let schedule = try? CronSchedule(parsing: text(bytes), timeZone: .utc) else { return }
        if let next = schedule.next(after: epoch) { precondition(next > epoch, "next firing not after its start") }
    }

    private static func checkDuration(_ bytes: [UInt8]) {
        guard let seconds = DurationText.seconds(text(bytes)) else { return }
        precondition((0...DurationText.saturation).contains(seconds), "duration out of bounds: \(seconds)")
    }

    private static func checkJSON(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(text(bytes)) else { return }
        let again = try? JSONParser.parse(value.jsonText)
        precondition(again == value, "JSON changed when serialised and parsed again: \(value.jsonText)")
    }

    private static let context: JSONValue = .object(JSONObject([
        ("name", .string("<Ops & \"Co\">")), ("items", .array([.number(JSONNumber(1)), .string("two")])),
        ("flag", .bool(true)), ("nested", .object(JSONObject([("inner", .string("x"))]))),
    ]))

    private static func checkMustache(_ bytes: [UInt8]) {
        // Parsing does not depend on the content type; HTML rendering is the one with escaping.
        guard let template = try? Template(source: text(bytes), name: "fuzz", contentType: .html) else { return }
        _ = try? template.render(context)
    }

    private static func checkCSV(_ bytes: [UInt8]) {
        guard let records = try? CSVReader.parse(bytes: bytes) else { return }
        for (earlier, later) in zip(records, records.dropFirst()) {
            precondition(earlier.line < later.line, "record lines do not increase")
        }
        precondition(records.allSatisfy { !$0.fields.isEmpty }, "a record without fields")
    }

    private static func checkMailAddress(_ bytes: [UInt8]) {
        guard let address = try? MailAddress.parse(text(bytes)) else { return }
        let parts = [address.displayName ?? "", address.localPart, address.domain]
        precondition(!parts.contains { $0.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" } },
                     "a header-breaking character survived in \(address)")
        precondition((try? MailAddress.parse(address.description)) == address,
                     "printing \(address) does not parse back to it")
    }

    private static func checkTZif(_ bytes: [UInt8]) {
        guard let zone = try? Zone.parse(tzif: bytes, identifier: "Fuzz/Zone") else { return }
        for instant in [Int.min / 4, -2_000_000_000, 0, 1_764_547_200, 4_000_000_000, Int.max / 4] {
            precondition(abs(zone.offset(at: instant)) <= 26 * 3600, "offset beyond a day")
            _ = zone.abbreviation(at: instant)
            _ = zone.instant(forLocal: instant)
        }
    }

    private static func checkHTTPHead(_ bytes: [UInt8]) {
        let head = HTTPRequestHead.end(of: bytes).map { Array(bytes[0..<$0]) } ?? bytes
        switch HTTPRequestHead.read(head, maxBytes: 8192) {
        case .get(let path):
            precondition(!path.contains("?"), "a query string reached the handler")
            _ = HTTPRequestHead.render(.init(status: 404, body: path))
        case .refused(let status, let body, let extraHeaders):
            precondition([400, 405, 431].contains(status), "unexpected status \(status)")
            let response = HTTPRequestHead.render(.init(status: status, body: body), extraHeaders: extraHeaders)
            precondition(response.starts(with: Array("HTTP/1.1 \(status) ".utf8)), "malformed status line")
        }
    }
}
