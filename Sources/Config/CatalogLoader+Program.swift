import CivilTime
import Cron
import Formatting
import FoundationEssentials
import JSON
import MIME
import Program

extension CatalogLoader {
    /// Reads `program.json`; returns `nil` when it has errors (reported to `diagnostics`).
    func readProgram(_ object: JSONObject, file: String) -> ProgramDefinition? {
        let before = diagnostics.errors.count
        var reader = FieldReader(file: file, path: "", object: object, diagnostics: diagnostics)

        var baseline: ProgramDefinition.Baseline?
        if var b = reader.object("baseline", required: true) {
            let start = b.string("start", required: true)
            if let start, TimeText.parseDate(start) == nil {
                b.fail("start", "\"\(start)\" is not a date like 2025-11-17")
            }
            let days = b.int("days", in: 1...366) ?? 7
            let zone = b.timeZone("timezone") ?? Zone.utc
            b.finish()
            if let start { baseline = ProgramDefinition.Baseline(start: start, days: days, timeZone: zone) }
        }

        let criteria = readCriteria(&reader) ?? ProgramDefinition.defaultCriteria

        var roi = ProgramDefinition.ROI(hourlyRate: nil, currency: "USD")
        if var r = reader.object("roi") {
            let rate = r.number("hourlyRate")
            if let rate, rate < 0 { r.fail("hourlyRate", "must not be negative") }
            let currency = r.string("currency") ?? "USD"
            if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                r.fail("currency", "\"\(currency)\" is not an ISO 4217 code like USD or EUR")
            }
            r.finish()
            roi = ProgramDefinition.ROI(hourlyRate: rate, currency: currency)
        }

        var tenants = ProgramDefinition.Tenants.all
        if let value = reader.value("tenants") {
            if value.stringValue == "all" {
                tenants = .all
            } else if let list = value.arrayValue {
                var ids: [UUID] = []
                for (index, element) in list.enumerated() {
                    if let text = element.stringValue, let id = UUID(uuidString: text) {
                        ids.append(id)
                    } else {
                        diagnostics.report(file: file, field: "tenants[\(index)]", line: reader.line("tenants"),
                                           "\(element.jsonText) is not a tenant UUID")
                    }
                }
                tenants = .list(ids)
            } else {
                reader.fail("tenants", "expected \"all\" or an array of tenant UUIDs, found "
                    + "\(value.jsonText.prefix(40))")
            }
        }

        var groups: [String: [MailAddress]] = [:]
        if let g = reader.object("recipients") {
            for (group, value) in g.object {
                if !Self.isValidGroupName(group) {
                    diagnostics.report(file: file, field: "recipients.\(group)", line: g.line(group),
                                       "group names are lower-case letters, digits, '-' and '_' and contain no '@'")
                    continue
                }
                guard let entries = value.arrayValue else {
                    diagnostics.report(file: file, field: "recipients.\(group)", line: g.line(group),
                                       "expected an array of addresses, found \(value.typeName)")
                    continue
                }
                var addresses: [MailAddress] = []
                for (index, entry) in entries.enumerated() {
                    do {
                        guard let text = entry.stringValue else { throw MailAddressError(text: entry.jsonText,
                                problem: "is not a string") }
                        addresses.append(try MailAddress.parse(text))
                    } catch {
                        diagnostics.report(file: file, field: "recipients.\(group)[\(index)]", line: g.line(group),
                                           "\(error)")
                    }
                }
                groups[group] = addresses
            }
        }

        let scrapeInterval = reader.duration("scrapeInterval", maximum: 3600) ?? 15
        var queries = ProgramDefinition.defaultQueries
        if var q = reader.object("queries") {
            for role in ProgramDefinition.defaultQueries.keys.sorted() {
                if let query = q.string(role) {
                    if query.trimmed.isEmpty { q.fail(role, "must not be empty") } else { queries[role] = query }
                }
            }
            q.finish()
        }
        let dashboard = reader.string("dashboardUrl")
        if let dashboard, !(dashboard.hasPrefix("https://") || dashboard.hasPrefix("http://"))
            || dashboard.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }) {
            reader.fail("dashboardUrl", "\"\(dashboard.prefix(80))\" is not an http(s) URL without spaces or quotes")
        }
        var replyTo: MailAddress?
        if let text = reader.string("replyTo") {
            do { replyTo = try MailAddress.parse(text) } catch { reader.fail("replyTo", "\(error)") }
        }
        let themes = readThemes(&reader) ?? ProgramDefinition.defaultThemes
        var escalationTo: [MailAddress] = []
        if var e = reader.object("escalation") {
            for (index, text) in (e.strings("to") ?? []).enumerated() {
                if let group = groups[text] { escalationTo += group; continue }
                do { escalationTo.append(try MailAddress.parse(text)) } catch {
                    diagnostics.report(file: file, field: "escalation.to[\(index)]", line: e.line("to"),
                                       "\(error) (nor is it a recipients group)")
                }
            }
            e.finish()
        }
        reader.finish()

        guard diagnostics.errors.count == before, let baseline else { return nil }
        return ProgramDefinition(baseline: baseline, criteria: criteria, roi: roi, tenants: tenants, recipients: groups,
                                 scrapeInterval: scrapeInterval, queries: queries, dashboardURL: dashboard,
                                 replyTo: replyTo, themes: themes, escalationTo: escalationTo)
    }

    static func isValidGroupName(_ name: String) -> Bool {
        (1...63).contains(name.count) && name.first!.isLetter
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private func readThemes(_ reader: inout FieldReader) -> [ProgramDefinition.Theme]? {
        guard let value = reader.value("themes") else { return nil }
        guard let array = value.arrayValue else {
            reader.fail("themes", "expected an array of themes, found \(value.typeName)")
            return nil
        }
        var themes: [ProgramDefinition.Theme] = []
        var ids = Set<String>()
        for (index, element) in array.enumerated() {
            let path = "themes[\(index)]"
            guard let object = element.objectValue else {
                diagnostics.report(file: reader.file, field: path, line: reader.line("themes"),
                                   "expected an object, found \(element.typeName)")
                continue
            }
            var t = FieldReader(file: reader.file, path: path, object: object, diagnostics: diagnostics)
            let id = t.string("id", required: true)
            if let id, !ids.insert(id).inserted { t.fail("id", "duplicate theme id \"\(id)\"") }
            let label = t.string("label") ?? id
            let keywords = t.strings("keywords", required: true, nonEmpty: true)
            if let keywords, keywords.contains(where: { $0.trimmed.isEmpty }) { t.fail("keywords",
                "an empty keyword matches everything") }
            t.finish()
            if let id, let label, let keywords { themes.append(.init(id: id, label: label, keywords: keywords)) }
        }
        return themes
    }

    private func readCriteria(_ reader: inout FieldReader) -> [ProgramDefinition.Criterion]? {
        guard let value = reader.value("criteria") else { return nil }
        guard let array = value.arrayValue else {
            reader.fail("criteria", "expected an array of criteria, found \(value.typeName)")
            return nil
        }
        var criteria: [ProgramDefinition.Criterion] = []
        var ids = Set<String>()
        for (index, element) in array.enumerated() {
            let path = "criteria[\(index)]"
            guard let object = element.objectValue else {
                diagnostics.report(file: reader.file, field: path, line: reader.line("criteria"),
                                   "expected an object, found \(element.typeName)")
                continue
            }
            var c = FieldReader(file: reader.file, path: path, object: object, diagnostics: diagnostics)
            let id = c.string("id", required: true)
            if let id, !ids.insert(id).inserted { c.fail("id", "duplicate criterion id \"\(id)\"") }
            let label = c.string("label") ?? id
            let metric = c.string("metric", required: true)
            if let metric, !ProgramDefinition.figureKeys.contains(metric) {
                c.fail("metric", "\"\(metric)\" is not a report figure; use one of: "
                    + "\(ProgramDefinition.figureKeys.joined(separator: ", "))")
            }
            let op = c.choice("op", ComparisonOperator.self)
            if object["op"] == nil { _ = c.value("op", required: true) }
            let target = c.number("target", required: true)
            c.finish()
            if let id, let label, let metric, let op, let target, ProgramDefinition.figureKeys.contains(metric) {
                criteria.append(ProgramDefinition.Criterion(id: id, label: label, metric: metric, op: op,
                                                            target: target))
            }
        }
        return criteria
    }
}
