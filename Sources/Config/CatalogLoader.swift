import CivilTime
import Cron
import Formatting
import FoundationEssentials
import JSON
import Program
import Surveys
import MIME

/// Reads `JOBS_DIR` file by file, reporting every problem to `diagnostics`.
struct CatalogLoader {
    let jobsDirectory: String
    let templatesDirectory: String
    let diagnostics: Diagnostics

    static let programFile = "program.json"

    func load() -> JobCatalog? {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: jobsDirectory)
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        } catch {
            diagnostics.report(file: jobsDirectory, field: nil, line: nil, "cannot read the jobs directory (set JOBS_DIR): \(ErrorText.describe(error))")
            return nil
        }
        let programPath = path(Self.programFile)
        let program: ProgramDefinition?
        if names.contains(Self.programFile) {
            program = readObject(programPath).flatMap { readProgram($0, file: programPath) }
        } else {
            diagnostics.report(file: programPath, field: nil, line: nil, "is missing; it declares the baseline program (see docs/jobs.md)")
            program = nil
        }
        let groups = program?.recipients
        var jobs: [JobDefinition] = []
        var seen: [String: String] = [:]
        let backlog = names.contains(Self.backlogFile)
            ? readBacklog(file: path(Self.backlogFile), program: program) : []
        for name in names where name != Self.programFile && name != Self.backlogFile {
            let file = path(name)
            guard let object = readObject(file), let job = readJob(object, file: file, groups: groups) else { continue }
            if let first = seen[job.name] {
                diagnostics.report(file: file, field: "name", line: object.line(of: "name"), "duplicate job name \"\(job.name)\" (also in \(first))")
                continue
            }
            seen[job.name] = file
            jobs.append(job)
        }
        checkRequiredTemplates(jobs, escalates: !(program?.escalationTo.isEmpty ?? true))
        guard var program else { return nil }
        program.backlog = backlog
        return JobCatalog(program: program, jobs: jobs.sorted { $0.name < $1.name })
    }

    private func path(_ name: String) -> String {
        PathText.join(jobsDirectory, name)
    }

    private func readObject(_ file: String) -> JSONObject? {
        guard let data = FileManager.default.contents(atPath: file) else {
            diagnostics.report(file: file, field: nil, line: nil, "cannot be read")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.report(file: file, field: nil, line: nil, "is not valid UTF-8")
            return nil
        }
        do {
            let value = try JSONParser.parse(text)
            guard let object = value.objectValue else {
                diagnostics.report(file: file, field: nil, line: 1, "expected a JSON object, found \(value.typeName)")
                return nil
            }
            return object
        } catch {
            diagnostics.report(ConfigError(file: file, field: nil, line: error.line, column: error.column,
                                           message: "invalid JSON: \(error.message)"))
            return nil
        }
    }

    // MARK: - Jobs

    /// Job names also name Kubernetes CronJobs: 1-52 of `a-z0-9-`, no hyphen at either end.
    static func isValidJobName(_ name: String) -> Bool {
        (1...52).contains(name.count) && !name.hasPrefix("-") && !name.hasSuffix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    private func readJob(_ object: JSONObject, file: String, groups: [String: [MailAddress]]?) -> JobDefinition? {
        var reader = FieldReader(file: file, path: "", object: object, diagnostics: diagnostics)
        let before = diagnostics.errors.count
        let name = reader.string("name", required: true)
        if let name, !Self.isValidJobName(name) {
            reader.fail("name", "\"\(name)\" must be 1-52 lower-case letters, digits and hyphens, starting and ending with a letter or digit")
        }
        let kind = reader.choice("kind", JobKind.self)
        if object["kind"] == nil { _ = reader.value("kind", required: true) }
        let timeZone = reader.timeZone("timezone") ?? Zone.utc
        let schedule = readSchedule(&reader, timeZone: timeZone)
        let catchup = reader.choice("catchup", CatchupPolicy.self) ?? .latest
        let startingDeadline = reader.duration("startingDeadline") ?? 3600
        let overlap = reader.choice("overlap", OverlapPolicy.self) ?? .skip
        let timeout = reader.duration("timeout", maximum: 7 * 86_400) ?? 3600
        let retries = reader.int("retries", in: 0...100) ?? 0
        let retryBackoff = reader.duration("retryBackoff", maximum: DurationText.maximumRetryDelay) ?? 60
        let notify = reader.recipients("notifyOnFailure", groups: groups) ?? []
        let description = reader.string("description")
        var params = JSONObject()
        if let kind {
            if var paramsReader = reader.object("params", required: kind == .command) {
                readParams(&paramsReader, kind: kind, groups: groups)
                paramsReader.finish()
                params = paramsReader.object
            }
        } else {
            _ = reader.value("params")
        }
        reader.finish()
        guard diagnostics.errors.count == before, let name, let kind, let schedule else { return nil }
        return JobDefinition(name: name, file: file, kind: kind, schedule: schedule, timeZone: timeZone, catchup: catchup,
                             startingDeadline: startingDeadline, overlap: overlap, timeout: timeout, retries: retries,
                             retryBackoff: retryBackoff, notifyOnFailure: notify, params: params, description: description)
    }

    private func readSchedule(_ reader: inout FieldReader, timeZone: Zone) -> JobSchedule? {
        let cron = reader.string("schedule")
        let at = reader.string("at")
        switch (cron, at) {
        case (let cron?, nil):
            do {
                return .cron(try CronSchedule(parsing: cron, timeZone: timeZone))
            } catch {
                reader.fail("schedule", "\(error)")
                return nil
            }
        case (nil, let at?):
            guard let date = TimeText.parse(at, in: timeZone) else {
                reader.fail("at", "\"\(at)\" is not a local time like 2025-11-17T09:00 (in the job's timezone)")
                return nil
            }
            return .once(date)
        case (.some, .some):
            reader.fail("at", "a job has either \"schedule\" (cron) or \"at\" (one shot), not both")
            return nil
        case (nil, nil):
            if reader.object["schedule"] == nil && reader.object["at"] == nil {
                diagnostics.report(file: reader.file, field: "schedule", line: nil, "is required (or \"at\" for a one-shot job)")
            }
            return nil
        }
    }

    private func readParams(_ reader: inout FieldReader, kind: JobKind, groups: [String: [MailAddress]]?) {
        for (key, param) in ParamSchema.params(for: kind).sorted(by: { $0.key < $1.key }) {
            switch param.type {
            case .string:
                if let text = reader.string(key, required: param.required), text.isEmpty { reader.fail(key, "must not be empty") }
            case .positiveInt: _ = reader.int(key, in: 1...1_000_000, required: param.required)
            case .number: _ = reader.number(key, required: param.required)
            case .duration: _ = reader.duration(key)
            case .recipients: _ = reader.recipients(key, groups: groups)
            case .strings: _ = reader.strings(key, required: param.required)
            case .nonEmptyStrings:
                if let argv = reader.strings(key, required: param.required, nonEmpty: true), argv.first?.isEmpty == true {
                    reader.fail(key, "the program name (first element) must not be empty")
                }
            case .uuid:
                if let text = reader.string(key, required: param.required), UUID(uuidString: text) == nil {
                    reader.fail(key, "\"\(text)\" is not a tenant UUID")
                }
            case .template:
                if let name = reader.string(key, required: param.required) { checkTemplate(name, reader: reader, key: key) }
            case .questions:
                readQuestions(&reader, key: key)
            }
        }
        if kind == .surveyDispatch, let campaign = reader.object["campaign"]?.stringValue,
           campaign.isEmpty || !campaign.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }) {
            reader.fail("campaign", "\"\(campaign)\" must be letters, digits, '.', '_' or '-' (it names the campaign in mail keys and commands)")
        }
        if kind == .surveyDispatch, let url = reader.object["responseUrl"]?.stringValue {
            if !url.contains("{token}") {
                reader.fail("responseUrl", "must contain {token} so each response is tied to its recipient")
            }
            if let problem = Self.linkProblem(url) { reader.fail("responseUrl", problem) }
        }
        if kind == .surveyDispatch, let url = reader.object["unsubscribeUrl"]?.stringValue {
            if !url.contains("{token}") {
                reader.fail("unsubscribeUrl", "must contain {token} so the right person is unsubscribed")
            }
            if !url.hasPrefix("https://") {
                reader.fail("unsubscribeUrl", "must be an https:// URL (RFC 8058 one-click unsubscribe requires it)")
            } else if let problem = Self.linkProblem(url) { reader.fail("unsubscribeUrl", problem) }
        }
        if kind == .surveyDispatch, let deadline = reader.object["deadline"]?.stringValue,
           TimeText.parseDate(deadline) == nil {
            reader.fail("deadline", "\"\(deadline.prefix(40))\" is not a date like 2026-12-11")
        }
        if kind == .surveyDispatch, let roster = reader.object["roster"]?.stringValue, !roster.isEmpty {
            let path = roster.hasPrefix("/") ? roster : PathText.join(jobsDirectory, roster)
            if let data = FileManager.default.contents(atPath: path) {
                checkRoster(Array(data), path: path)
            } else {
                reader.fail("roster", "\(path) cannot be read (a relative roster path is relative to JOBS_DIR)")
            }
        }
    }

    /// Why a link put in front of people cannot be used, or nil: only `https://` and `http://` links with a
    /// host and no spaces or control characters (`javascript:` and `data:` links are refused).
    static func linkProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            return "\"\(url.prefix(30))\" must be an https:// or http:// link"
        }
        let rest = url.drop(while: { $0 != "/" }).dropFirst(2)
        guard let first = rest.first, first != "/", first != "{" else { return "\"\(url.prefix(30))\" names no host" }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<"
            || $0 == ">" }) {
            return "contains a space, quote, angle bracket or control character; percent-encode it"
        }
        return nil
    }

    /// The templates the runner itself renders must exist when a job needs them: failure notices for
    /// `notifyOnFailure`, the data-quality alert for a data-quality job that mails (`params.to`).
    private func checkRequiredTemplates(_ jobs: [JobDefinition], escalates: Bool) {
        var needed: [(name: String, extensions: [String], job: JobDefinition, field: String)] = []
        for job in jobs {
            if !job.notifyOnFailure.isEmpty { needed.append(("failure-notice", ["txt", "html"], job,
                "notifyOnFailure")) }
            let chosen = job.params["template"]?.stringValue
            switch job.kind {
            case .surveyDispatch:
                needed.append((chosen ?? "survey-invitation", ["txt", "html"], job,
                    chosen == nil ? "kind" : "params.template"))
            case .dataQuality where job.params["to"] != nil:
                needed.append((chosen ?? "data-quality-alert", ["txt", "html"], job, "params.to"))
            case .baselineReport:
                needed.append((chosen ?? "baseline-report", ["md", "html"], job,
                    chosen == nil ? "kind" : "params.template"))
                needed.append(("baseline-report-deck", ["html"], job, "kind"))
            case .reviewSnapshot:
                needed.append((chosen ?? "review-snapshot", ["md", "html"], job,
                    chosen == nil ? "kind" : "params.template"))
                // program.json escalation.to makes every snapshot able to escalate.
                if escalates { needed.append(("escalation", ["txt", "html"], job, "kind")) }
            case .dataQuality, .command:
                break
            }
        }
        for (name, extensions, job, field) in needed {
            for ext in extensions {
                let path = PathText.join(templatesDirectory, "\(name).\(ext).mustache")
                if !FileManager.default.fileExists(atPath: path) {
                    diagnostics.report(file: job.file, field: field, line: nil,
                                       "needs the template \(name).\(ext).mustache, which is not in \(templatesDirectory)")
                }
            }
        }
    }

    /// A roster that cannot be read at all (bad header, broken quoting) is a configuration error; bad
    /// lines are not: the job mails the good lines, then fails naming the bad ones.
    private func checkRoster(_ bytes: [UInt8], path: String) {
        do {
            _ = try SurveyRoster.parse(bytes: bytes)
        } catch {
            diagnostics.report(file: path, field: nil, line: error.line, error.reason)
        }
    }

    private func checkTemplate(_ name: String, reader: FieldReader, key: String) {
        guard !name.contains("/"), !name.hasPrefix(".") else {
            reader.fail(key, "\"\(name)\" must be a template name, not a path")
            return
        }
        let found = ["md", "html", "txt"].contains { ext in
            FileManager.default.fileExists(atPath: PathText.join(templatesDirectory, "\(name).\(ext).mustache"))
        }
        if !found {
            reader.fail(key, "unknown template \"\(name)\": no \(name).md.mustache, \(name).html.mustache or \(name).txt.mustache in \(templatesDirectory)")
        }
    }

    private func readQuestions(_ reader: inout FieldReader, key: String) {
        guard let value = reader.value(key) else { return }
        guard let array = value.arrayValue, !array.isEmpty else {
            reader.fail(key, "expected a non-empty array of questions, found \(value.typeName)")
            return
        }
        var ids = Set<String>()
        for (index, element) in array.enumerated() {
            guard let object = element.objectValue else {
                diagnostics.report(file: reader.file, field: "\(reader.fieldPath(key))[\(index)]", line: reader.line(key),
                                   "expected an object with id and text, found \(element.typeName)")
                continue
            }
            var question = FieldReader(file: reader.file, path: "\(reader.fieldPath(key))[\(index)]", object: object, diagnostics: diagnostics)
            if let id = question.string("id", required: true), !ids.insert(id).inserted {
                question.fail("id", "duplicate question id \"\(id)\"")
            }
            _ = question.string("text", required: true)
            _ = question.choice("type", QuestionType.self)
            question.finish()
        }
    }
}

/// How a survey question is answered.
public enum QuestionType: String, Sendable, CaseIterable {
    /// 1-5.
    case likert
    /// Free text.
    case text
}
