import Foundation
import Config
import Jobs
import Testing

@Suite("Environment and durations")
struct EnvironmentAndDurationTests {
    @Test("durations parse", arguments: [("90s", 90), ("15m", 900), ("6h", 21_600), ("7d", 604_800), ("1h30m", 5400),
                                         ("0s", 0)])
    func durationsParse(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test("bad durations are refused", arguments: ["", "15", "m", "1.5h", "15 m", "30m1h", "1m1m", "-5s", "1w"])
    func badDurationsAreRefused(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func durationsFormatShortest() {
        #expect(DurationText.format(5400) == "1h30m")
        #expect(DurationText.format(86_401) == "1d1s")
    }

    @Test func defaultsApplyWhenVariablesAreUnset() throws {
        let environment = try RunnerEnvironment.load([:])
        #expect(environment.outboxDirectory == "out/outbox")
        #expect(environment.jobsDirectory == "Jobs")
        #expect(environment.templatesDirectory == "Templates")
        #expect(environment.smtpStartTLS)
        #expect(environment.mailMaxAttempts == 4)
        #expect(environment.mailRetryBackoff == 2)
        #expect(environment.runnerID.contains("-"))
    }

    @Test("bad variables are reported by name", arguments: [
        ("MAIL_FROM", "reports@example.com\r\nBcc: x@y.z", "control character"),
        ("MAIL_FROM", "not an address", "no '@'"),
        ("SMTP_URL", "http://mail.example.com", "smtp://"),
        ("SMTP_STARTTLS", "maybe", "on or off"),
        ("LOG_FORMAT", "xml", "json or text"),
        ("MAIL_MAX_ATTEMPTS", "0", "1-100"),
        ("MAIL_RETRY_BACKOFF", "2", "duration"),
        ("SMTP_CA_FILE", "/nonexistent/ca.pem", "cannot be read"),
    ])
    func badVariablesAreReported(name: String, value: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try RunnerEnvironment.load([name: value]) }
        let match = error?.errors.first { $0.field == name }
        #expect(match?.file == "environment")
        #expect(match?.message.contains(message) == true, "\(error?.description ?? "")")
    }
}

@Suite("Bounds on durations")
struct DurationBoundTests {
    @Test("a duration too large for its field is 'too long', never 'not a duration', and never reaches the store",
        arguments: [
        ("retryBackoff", "\"24856d\"", "at most 1d"), ("retryBackoff", "\"99999999999999999999s\"", "at most 1d"),
        ("timeout", "\"8d\"", "at most 7d"), ("startingDeadline", "\"31d\"", "at most 30d"),
    ])
    func tooLargeDurationsAreRefused(field: String, value: String, message: String) throws {
        let fixture = try JobsFixture(files: ["daily-check.json": JobCatalogTests.job([field: value])])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        let found = error?.errors.first { $0.field == field }
        #expect(found?.message.contains("is too long") == true && found?.message.contains(message) == true,
            "\(String(describing: found))")
    }

    @Test func oneBadProgramFileIsReportedOnceNotAgainForEveryJobsGroups() throws {
        let fixture = try JobsFixture(program: #"{"baseline": {"start": "soon"}, "#
            + #""recipients": {"ops": ["ops@example.com"]}}"#)
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        #expect(error?.errors.contains { $0.file.hasSuffix("program.json") } == true)
        #expect(error?.errors.contains { $0.message.contains("recipient group") } == false, "\(error?.errors ?? [])")
    }

    @Test func aReportJobNeedsItsTemplatesAndAPartialCycleIsAnError() throws {
        let job = JobCatalogTests.job(["name": "\"report\"", "kind": "\"baseline-report\"", "params": "{}",
                                       "notifyOnFailure": nil])
        let fixture = try JobsFixture(files: ["report.json": job])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        #expect(error?.errors.contains { $0.message.contains("baseline-report.md.mustache") } == true,
            "\(error?.errors ?? [])")

        try FileManager.default.createDirectory(atPath: fixture.templatesDirectory + "/partials",
            withIntermediateDirectories: true)
        try "a {{> b}}".write(toFile: fixture.templatesDirectory + "/partials/a.mustache", atomically: true,
            encoding: .utf8)
        try "b {{> a}}".write(toFile: fixture.templatesDirectory + "/partials/b.mustache", atomically: true,
            encoding: .utf8)
        try "{{> a}}".write(toFile: fixture.templatesDirectory + "/custom.txt.mustache", atomically: true,
            encoding: .utf8)
        let problems = TemplateCatalog.validate(directory: fixture.templatesDirectory)
        #expect(problems.contains { $0.file.hasSuffix("custom.txt.mustache") && $0.message.contains("a → b → a") },
            "\(problems)")
    }

    @Test("survey links are http or https only", arguments: ["javascript:alert(1)//{token}", "data:text/html,{token}",
        "https:///{token}"])
    func surveyLinksMustBeWebLinks(url: String) throws {
        let job = #"{"name": "s", "kind": "survey-dispatch", "schedule": "0 9 * * *", "params": {"campaign": "c", "#
            + #""roster": "r.csv", "responseUrl": "\#(url)"}}"#
        let fixture = try JobsFixture(files: ["s.json": job, "r.csv": "email,name,tenant_id\n"])
        defer { fixture.remove() }
        let error = #expect(throws: ConfigErrors.self) {
            try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                 kinds: JobKinds.descriptors)
        }
        #expect(error?.errors.contains { $0.field == "params.responseUrl" } == true, "\(error?.errors ?? [])")
    }
}
