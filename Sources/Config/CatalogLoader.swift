import CivilTime
import Cron
import Formatting
import FoundationEssentials
import JSON
import Program
import MIME

/// Reads `JOBS_DIR` file by file, reporting every problem to `diagnostics`.
struct CatalogLoader {
    let jobsDirectory: String
    let templatesDirectory: String
    /// The registered job kinds by name.
    let kinds: [JobKind: JobKindDescriptor]
    let diagnostics: Diagnostics

    static let programFile = "program.json"

    func load() -> JobCatalog? {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: jobsDirectory)
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        } catch {
            diagnostics.report(file: jobsDirectory, field: nil, line: nil,
                               "cannot read the jobs directory (set JOBS_DIR): \(ErrorText.describe(error))")
            return nil
        }
        let programPath = path(Self.programFile)
        let program: ProgramDefinition?
        if names.contains(Self.programFile) {
            program = readObject(programPath).flatMap { readProgram($0, file: programPath) }
        } else {
            diagnostics.report(file: programPath, field: nil, line: nil,
                               "is missing; it declares the baseline program (see docs/jobs.md)")
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
                diagnostics.report(file: file, field: "name", line: object.line(of: "name"),
                                   "duplicate job name \"\(job.name)\" (also in \(first))")
                continue
            }
            seen[job.name] = file
            jobs.append(job)
        }
        checkRequiredTemplates(jobs, escalates: !(program?.escalationTo.isEmpty ?? true))
        guard var program else { return nil }
        program.backlog = backlog
        return JobCatalog(program: program, jobs: jobs.sorted { $0.name < $1.name }, warnings: diagnostics.warnings)
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
            reader.fail("name", "\"\(name)\" must be 1-52 lower-case letters, digits and hyphens, starting and "
                + "ending with a letter or digit")
        }
        let descriptor = readKind(&reader)
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
        if let descriptor {
            if var paramsReader = reader.object("params", required: descriptor.needsParams) {
                readParams(&paramsReader, descriptor: descriptor, groups: groups)
                paramsReader.finish()
                params = paramsReader.object
            }
        } else {
            _ = reader.value("params")
        }
        reader.finish()
        guard diagnostics.errors.count == before, let name, let descriptor, let schedule else { return nil }
        return JobDefinition(name: name, file: file, kind: descriptor.kind, schedule: schedule, timeZone: timeZone,
                             catchup: catchup, startingDeadline: startingDeadline, overlap: overlap, timeout: timeout,
                             retries: retries, retryBackoff: retryBackoff, notifyOnFailure: notify,
                             params: JobParameters(params, descriptor: descriptor), description: description)
    }

    /// The descriptor of the job's `kind`, or nil with the problem reported (listing the registered kinds).
    private func readKind(_ reader: inout FieldReader) -> JobKindDescriptor? {
        guard let name = reader.string("kind", required: true) else { return nil }
        guard let descriptor = kinds[JobKind(name)] else {
            let known = kinds.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            reader.fail("kind", "\"\(name.prefix(40))\" is not one of \(known)")
            return nil
        }
        return descriptor
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
                diagnostics.report(file: reader.file, field: "schedule", line: nil,
                                   "is required (or \"at\" for a one-shot job)")
            }
            return nil
        }
    }
}
