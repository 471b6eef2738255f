import Config
import Jobs
import Foundation
import Program
import Testing

@Suite("Job and program configuration")
struct JobCatalogTests {
    /// A job file with one top-level change; `nil` removes the key.
    static func job(_ changes: [String: String?]) -> String {
        var fields: [(String, String)] = [
            ("name", "\"daily-check\""), ("kind", "\"data-quality\""), ("schedule", "\"30 6 * * *\""),
            ("timezone", "\"America/New_York\""), ("notifyOnFailure", "[\"ops\"]"), ("params",
                    "{ \"to\": [\"stakeholders\"] }"),
        ]
        for (key, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == key }) {
                if let value { fields[index].1 = value } else { fields.remove(at: index) }
            } else if let value {
                fields.append((key, value))
            }
        }
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    struct BadJob: CustomTestStringConvertible, Sendable {
        let changes: [String: String?]
        let field: String
        let message: String
        var testDescription: String { "\(field): \(message)" }
    }

    static let badJobs: [BadJob] = [
        BadJob(changes: ["surprise": "1"], field: "surprise", message: "is not a known field"),
        BadJob(changes: ["retries": "\"two\""], field: "retries", message: "expected an integer"),
        BadJob(changes: ["retries": "-1"], field: "retries", message: "out of range"),
        BadJob(changes: ["timeout": "\"15 minutes\""], field: "timeout", message: "is not a duration"),
        BadJob(changes: ["startingDeadline": "\"0s\""], field: "startingDeadline", message: "too short"),
        BadJob(changes: ["retryBackoff": "60"], field: "retryBackoff", message: "expected a string"),
        BadJob(changes: ["timezone": "\"America/Gotham\""], field: "timezone",
               message: "\"America/Gotham\": no such zone in"),
        BadJob(changes: ["timezone": "\"EST\""], field: "timezone",
               message: "\"EST\": not an IANA zone name; use UTC or Area/Location"),
        BadJob(changes: ["schedule": "\"61 6 * * *\""], field: "schedule",
               message: "minute field: \"61\" is out of range 0-59"),
        BadJob(changes: ["schedule": "\"0 0 30 2 *\""], field: "schedule", message: "can never fire"),
        BadJob(changes: ["schedule": nil], field: "schedule", message: "is required"),
        BadJob(changes: ["at": "\"2026-12-07T08:00\""], field: "at", message: "not both"),
        BadJob(changes: ["schedule": nil, "at": "\"next monday\""], field: "at", message: "not a local time"),
        BadJob(changes: ["kind": "\"report\""], field: "kind", message: "is not one of"),
        BadJob(changes: ["kind": nil], field: "kind", message: "is required"),
        BadJob(changes: ["name": "\"Daily Check\""], field: "name", message: "lower-case letters"),
        BadJob(changes: ["catchup": "\"some\""], field: "catchup", message: "\"none\", \"latest\", \"all\""),
        BadJob(changes: ["overlap": "\"never\""], field: "overlap", message: "is not one of"),
        BadJob(changes: ["notifyOnFailure": "[\"oncall\"]"], field: "notifyOnFailure[0]",
               message: "neither a mail address nor a recipient group"),
        BadJob(changes: ["notifyOnFailure": "[\"ops@\"]"], field: "notifyOnFailure[0]", message: "invalid domain"),
        BadJob(changes: ["notifyOnFailure": "[\"a@b.com\\r\\nBcc: x@y.com\"]"], field: "notifyOnFailure[0]",
               message: "control character"),
        BadJob(changes: ["params": "{ \"to\": [\"ops\"], \"bogus\": 1 }"], field: "params.bogus",
               message: "is not a known field"),
        BadJob(changes: ["params": "{ \"template\": \"missing\" }"], field: "params.template",
               message: "unknown template \"missing\""),
        BadJob(changes: ["params": "{ \"template\": \"../etc/passwd\" }"], field: "params.template",
               message: "not a path"),
        BadJob(changes: ["params": "{ \"staleAfter\": \"10 min\" }"], field: "params.staleAfter",
               message: "is not a duration"),
        BadJob(changes: ["kind": "\"command\"", "params": "{}"], field: "params.argv", message: "is required"),
        BadJob(changes: ["kind": "\"command\"", "params": "{ \"argv\": \"rm -rf /\" }"], field: "params.argv",
               message: "expected an array of strings"),
        BadJob(changes: ["kind": "\"command\"", "params": "{ \"argv\": [] }"], field: "params.argv",
               message: "must not be empty"),
        BadJob(changes: ["kind": "\"baseline-report\"", "params": "{ \"tenant\": \"acme\" }"], field: "params.tenant",
               message: "not a tenant UUID"),
        BadJob(changes: ["kind": "\"survey-dispatch\"",
                "params": "{ \"campaign\": \"c\", \"roster\": \"r.csv\", \"responseUrl\": \"https://x/?t=1\" }"],
               field: "params.responseUrl", message: "{token}"),
        BadJob(changes: ["kind": "\"survey-dispatch\"",
                "params": "{ \"campaign\": \"a:b\\r\\nBcc: x\", \"roster\": \"r.csv\", \"responseUrl\": "
                    + "\"https://x/?t={token}\" }"],
               field: "params.campaign", message: "must be letters, digits"),
    ]

    @Test("a bad job field is reported with file, field and line", arguments: badJobs)
    func badJobFieldIsReported(_ bad: BadJob) throws {
        let fixture = try JobsFixture(files: ["daily-check.json": Self.job(bad.changes)])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let match = error?.errors.first { $0.field == bad.field }
        #expect(match != nil, "no error for \(bad.field) in: \(error?.description ?? "")")
        #expect(match?.file.hasSuffix("Jobs/daily-check.json") == true)
        #expect(match?.message.contains(bad.message) == true, "\(match?.description ?? "")")
        #expect(match?.description.contains("daily-check.json") == true)
    }

    struct BadProgram: CustomTestStringConvertible, Sendable {
        let text: String
        let field: String?
        let message: String
        var testDescription: String { "\(field ?? "file"): \(message)" }
    }

    static let badPrograms: [BadProgram] = [
        BadProgram(text: "{}", field: "baseline", message: "is required"),
        BadProgram(text: #"{"baseline": {"start": "2026-02-30"}}"#, field: "baseline.start", message: "not a date"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30", "days": 0}}"#, field: "baseline.days",
                   message: "out of range"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30", "timezone": "Mars/Olympus"}}"#,
                   field: "baseline.timezone", message: "IANA"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30", "lenght": 7}}"#, field: "baseline.lenght",
                   message: "is not a known field"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "criteria": [{"id": "x", "metric": "happiness", "#
            + #""op": ">", "target": 1}]}"#,
                   field: "criteria[0].metric", message: "is not a report figure"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "criteria": [{"id": "x", "metric": "avg_rating", "#
            + #""op": "=>", "target": 1}]}"#,
                   field: "criteria[0].op", message: "is not one of"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "criteria": [{"id": "x", "metric": "avg_rating", "#
            + #""op": ">"}]}"#,
                   field: "criteria[0].target", message: "is required"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "tenants": ["not-a-uuid"]}"#, field: "tenants[0]",
                   message: "not a tenant UUID"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "recipients": {"ops": ["nobody"]}}"#,
                   field: "recipients.ops[0]", message: "no '@'"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "scrapeInterval": "15"}"#, field: "scrapeInterval",
                   message: "is not a duration"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "roi": {"hourlyRate": -5}}"#, field: "roi.hourlyRate",
                   message: "negative"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "queries": {"latency": "x"}}"#,
                   field: "queries.latency", message: "is not a known field"),
        BadProgram(text: "{\n  \"baseline\": {\"start\": \"2026-11-30\"},\n  \"roi\": {\"hourlyRate\": 85,}\n}",
                   field: nil, message: "invalid JSON"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "themes": [{"id": "a", "keywords": []}]}"#,
                   field: "themes[0].keywords", message: "must not be empty"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "themes": [{"id": "a", "keywords": ["x"]}, "#
                   + #"{"id": "a", "keywords": ["y"]}]}"#, field: "themes[1].id", message: "duplicate theme id"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "escalation": {"to": ["nobody"]}}"#,
                   field: "escalation.to[0]", message: "nor is it a recipients group"),
        BadProgram(text: #"{"baseline": {"start": "2026-11-30"}, "dashboardUrl": "javascript:alert(1)"}"#,
                   field: "dashboardUrl", message: "is not an http(s) URL"),
    ]

    @Test func backlogItemsNamingUnknownCriteriaOrThemesAreErrorsWithFileAndField() throws {
        let fixture = try JobsFixture(files: ["daily-check.json": JobsFixture.job, "backlog.json": """
            [{"id": "a", "title": "A", "effort": "M", "criteria": ["research-time", "speed"], "themes": ["accuracy"]},
             {"id": "b", "title": "B", "effort": "XXL", "themes": ["vibes"]}]
            """])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let problems = (error?.errors ?? []).filter { $0.file.hasSuffix("backlog.json") }
        #expect(problems.map(\.field) == ["[0].criteria[1]", "[1].effort", "[1].themes[0]"], "\(problems)")
        #expect(problems.first?.message.contains("\"speed\" is not a criterion id") == true)
        #expect(!(error?.description.contains("daily-check") ?? true),
            "the job itself is fine; backlog.json is not a job")
    }

    @Test("a bad program field is reported with file and field", arguments: badPrograms)
    func badProgramFieldIsReported(_ bad: BadProgram) throws {
        let fixture = try JobsFixture(program: bad.text)
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let match = error?.errors.first { $0.field == bad.field && $0.file.hasSuffix("program.json") }
        #expect(match != nil, "no error for \(bad.field ?? "file") in: \(error?.description ?? "")")
        #expect(match?.message.contains(bad.message) == true, "\(match?.description ?? "")")
    }

    @Test func jsonSyntaxErrorNamesLineAndColumn() throws {
        let fixture = try JobsFixture(files: ["broken.json": "{\n  \"name\": \"x\"\n  \"kind\": \"command\"\n}"])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let syntax = try #require(error?.errors.first { $0.file.hasSuffix("broken.json") })
        #expect(syntax.line == 3)
        #expect(syntax.column == 3)
        #expect(syntax.description.contains("broken.json:3:3"))
    }

    @Test func templatesTheRunnerRendersAreRequiredWhenAJobNeedsThem() throws {
        let fixture = try JobsFixture()
        defer { fixture.remove() }
        try FileManager.default.removeItem(atPath: fixture.templatesDirectory + "/failure-notice.html.mustache")
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let missing = try #require(error?.errors.first { $0.field == "notifyOnFailure" })
        #expect(missing.message.contains("failure-notice.html.mustache"))
    }

    @Test func duplicateJobNamesNameBothFiles() throws {
        let fixture = try JobsFixture(files: ["a.json": Self.job([:]), "b.json": Self.job([:])])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let duplicate = try #require(error?.errors.first { $0.message.contains("duplicate job name") })
        #expect(duplicate.file.hasSuffix("b.json"))
        #expect(duplicate.message.contains("a.json"))
    }

    @Test func everyErrorIsReportedNotJustTheFirst() throws {
        let fixture = try JobsFixture(files: [
            "one.json": Self.job(["name": "\"one\"", "retries": "\"x\"", "timeout": "\"soon\""]),
            "two.json": Self.job(["name": "\"two\"", "schedule": "\"* * *\""]),
        ])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        #expect(Set(error?.errors.compactMap(\.field) ?? []) == ["retries", "timeout", "schedule"])
    }

    @Test func validFilesLoadWithDefaults() throws {
        let fixture = try JobsFixture(files: [
            "daily-check.json": Self.job(["params": "{ \"to\": [\"stakeholders\", \"Pat <pat@example.com>\"], "
                + "\"template\": \"custom\" }"]),
        ])
        defer { fixture.remove() }
        let catalog = try JobCatalog.load(jobsDirectory: fixture.jobsDirectory,
                                          templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        let job = try #require(catalog.job(named: "daily-check"))
        #expect(job.catchup == .latest)
        #expect(job.overlap == .skip)
        #expect(job.startingDeadline == 3600)
        #expect(job.notifyOnFailure == [.group("ops")])
        #expect(catalog.program.baseline.days == 7)
        #expect(catalog.program.criteria == ProgramDefinition.defaultCriteria)
        #expect(catalog.program.scrapeInterval == 15)
        #expect(catalog.program.queries["up"] == "up")
    }

    @Test func shippedJobsDirectoryIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let catalog = try JobCatalog.load(jobsDirectory: root + "/Jobs", templatesDirectory: root + "/Templates",
                                          kinds: JobKinds.descriptors)
        #expect(Set(catalog.jobs.map(\.kind)) == Set(JobKinds.descriptors.map(\.kind)))
        let start = try #require(TimeTextDate.weekday(catalog.program.baseline.start))
        #expect(start == 1, "the shipped baseline starts on a Monday")
    }
}

/// The weekday (0 = Sunday) of a `YYYY-MM-DD` date, via Foundation, independent of the Cron module.
enum TimeTextDate {
    static func weekday(_ text: String) -> Int? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.weekday, from: date) - 1
    }
}
