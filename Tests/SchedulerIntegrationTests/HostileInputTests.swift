import Foundation
import JSON
import Postgres
import Testing
import TestSupport

/// Inputs an attacker or an unlucky operator would try, against real `run` processes and PostgreSQL:
/// secrets never leave the process, bad configuration exits 2, and nothing hangs or crashes.
@Suite("hostile inputs")
struct HostileInputTests {
    static let secrets = ["SMTP_PASSWORD": "smtp-Secret-1", "SURVEY_SECRET": "survey-Secret-2",
        "API_TOKEN": "token-Secret-3"]

    @Test("a DATABASE_URL libpq cannot parse is refused (exit 2) without echoing its password", arguments: [
        "postgresql+psycopg2://app:Pw-Leak-77@127.0.0.1/db", " postgresql://app:Pw-Leak-77@127.0.0.1/db",
        "postgresql://app:Pw-Leak-77@[::1/db", "host=127.0.0.1 password=Pw-Leak-77 bogus_option=1",
        "postgresql://app:Pw-Leak-77@127.0.0.1:99999/db", "host=127.0.0.1 port=abc password='Pw-Leak-77'",
        "postgresql://app:Pw-Leak-77%zz@127.0.0.1/db",
    ])
    func unparseableDatabaseURLNeverEchoesItsPassword(url: String) throws {
        for arguments in [["history"], ["migrate"], ["health"]] {
            let output = try RunnerBinary.run(arguments, environment: ["DATABASE_URL": url,
                "JOBS_DIR": RunnerBinary.packageRoot + "/Jobs"])
            #expect(output.status == 2, "\(arguments): \(output.stderr)")
            #expect(!(output.stdout + output.stderr).contains("Pw-Leak-77"), "\(output.stderr)")
            #expect(output.stderr.contains("DATABASE_URL"), "\(output.stderr)")
        }
    }

    @Test func aCommandsOutputIsStoredAndMailedWithEverySecretMasked() throws {
        let fixture = try RunnerFixture("secret_output", jobs: [
            "leaky": commandJob("leaky", schedule: "0 5 * * *", argv: ["sh", "-c", "env; echo $DATABASE_URL; exit 3"],
                                extra: #", "notifyOnFailure": ["ops@example.com"]"#),
            "narrow": #"{"name": "narrow", "kind": "command", "schedule": "0 5 * * *", "params": {"argv": ["sh", "#
                + #""-c", "env"], "env": ["HOME"]}}"#,
        ])
        defer { fixture.remove() }
        let outbox = fixture.jobsDirectory + "/outbox"
        var environment = Self.secrets
        environment["DATABASE_URL"] = fixture.databaseURL + "?password=db-Secret-4"
        environment["OUTBOX_DIR"] = outbox
        environment["TEMPLATES_DIR"] = RunnerBinary.packageRoot + "/Templates"
        let run = try fixture.run(["run", "leaky"], extra: environment)
        #expect(run.status == 1, "\(run.stderr.suffix(600))")
        let stored = try fixture.connection.query("SELECT coalesce(output, '') || coalesce(error, '') AS text FROM "
            + "baseline_runner.job_runs")
            .rows.map { try $0.decode("text", as: String.self) }.joined()
        #expect(stored.contains("API_TOKEN=***"), "the output is kept, its secrets masked: \(stored.prefix(300))")
        let mailed = try FileManager.default.contentsOfDirectory(atPath: outbox)
            .map { try String(contentsOfFile: outbox + "/" + $0, encoding: .utf8) }
        #expect(mailed.count == 1, "one failure notice")
        for secret in Array(Self.secrets.values) + ["db-Secret-4"] {
            #expect(!stored.contains(secret), "stored output holds \(secret)")
            #expect(!mailed.joined().contains(secret), "the notice holds \(secret)")
            #expect(!run.stderr.contains(secret), "a log line holds \(secret)")
        }
        #expect(try fixture.run(["run", "narrow"], extra: environment).status == 0)
        let narrowed = try fixture.connection.query("SELECT output FROM baseline_runner.job_runs WHERE job = 'narrow'")
            .rows.first?.decode("output", as: String?.self) ?? ""
        #expect(!narrowed.contains("SMTP_PASSWORD") && !narrowed.contains("DATABASE_URL")
            && narrowed.contains("BASELINE_JOB=narrow"),
                "params.env narrows what the child inherits: \(narrowed)")
    }

    @Test("an outbox that cannot be used is a configuration error (exit 2), not a silent success", arguments: ["file",
        "unwritable"])
    func unusableOutboxExitsTwo(kind: String) throws {
        let fixture = try RunnerFixture("outbox_\(kind)", jobs: [
            "fails": commandJob("fails", schedule: "0 5 * * *", argv: ["false"],
                extra: #", "notifyOnFailure": ["ops@example.com"]"#),
        ])
        defer { fixture.remove() }
        let outbox = fixture.jobsDirectory + "/outbox"
        if kind == "file" {
            try "not a directory".write(toFile: outbox, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: outbox)
        }
        // As root every directory is writable: the "unwritable" case then checks the next best thing,
        // that a run still works and records its notice.
        let run = try fixture.run(["run", "fails"], extra: ["OUTBOX_DIR": outbox,
            "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"])
        if kind == "file" || getuid() != 0 {
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains("OUTBOX_DIR"), "\(run.stderr)")
            #expect(try fixture.runs("fails").isEmpty, "nothing ran and nothing was recorded")
        } else {
            #expect(run.status == 1)
        }
    }

    @Test func smtpWithoutAMailFromIsAConfigurationErrorBeforeAnythingRuns() throws {
        let fixture = try RunnerFixture("no_mail_from", jobs: [
            "fails": commandJob("fails", schedule: "0 5 * * *", argv: ["false"],
                extra: #", "notifyOnFailure": ["ops@example.com"]"#),
        ])
        defer { fixture.remove() }
        let run = try fixture.run(["run", "fails"], extra: ["SMTP_URL": "smtp://127.0.0.1:9", "SMTP_STARTTLS": "off",
            "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("MAIL_FROM is required when SMTP_URL is set"), "\(run.stderr)")
        #expect(try fixture.runs("fails").isEmpty, "nothing ran and nothing was recorded")
    }

    @Test func deeplyNestedSectionsAreAParseErrorWithPositionNotACrash() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/deep.html.mustache"
        try (String(repeating: "{{#a}}", count: 50_000) + "X" + String(repeating: "{{/a}}", count: 50_000))
            .write(toFile: file, atomically: true, encoding: .utf8)
        let render = try RunnerBinary.run(["template", "render", file])
        #expect(render.status == 2, "\(render.stderr.prefix(300))")
        #expect(render.stderr.contains("deep.html.mustache:1:"), "\(render.stderr.prefix(300))")
        let validate = try RunnerBinary.run(["validate"], environment: ["TEMPLATES_DIR": directory,
            "JOBS_DIR": RunnerBinary.packageRoot + "/Jobs"])
        #expect(validate.status == 2 && validate.stderr.contains("nested deeper than"),
            "\(validate.stderr.prefix(300))")
    }

    @Test func aRetryBackoffTheStoreCannotHoldIsAValidationError() throws {
        let fixture = try RunnerFixture("backoff", jobs: [
            "tick": commandJob("tick", schedule: "0 5 * * *", argv: ["true"],
                extra: #", "retries": 3, "retryBackoff": "24856d""#),
        ])
        defer { fixture.remove() }
        let validate = try fixture.run(["validate"])
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("retryBackoff") && validate.stderr.contains("too long"), "\(validate.stderr)")
    }

    @Test func listingsShowControlCharactersEscapedAndCapWideCells() throws {
        let fixture = try RunnerFixture("listing", jobs: ["tick": commandJob("tick", schedule: "0 5 * * *",
            argv: ["true"])])
        defer { fixture.remove() }
        try fixture.connection.query("""
            INSERT INTO baseline_runner.job_runs (job, scheduled_for, trigger, status, attempt, runner, started_at,
                finished_at, error)
            VALUES ('tick', now(), 'manual', 'failed', 1, 'r', now(), now(), $1)
            """, ["evil\u{1B}[2J\r\nFAKE ROW " + String(repeating: "x", count: 5000)])
        let history = try fixture.run(["history"])
        #expect(history.status == 0)
        #expect(!history.stdout.contains("\u{1B}") && !history.stdout.contains("\r"),
            "no raw escape or CR reaches the terminal")
        #expect(history.stdout.contains("\\u{1b}[2J\\r\\nFAKE ROW"), "\(history.stdout.prefix(400))")
        #expect(history.stdout.utf8.count < 2_000,
            "a 5,000-character error is cut, not padded: \(history.stdout.utf8.count) bytes")
        let json = try JSONParser.parse(try fixture.run(["history", "--json"]).stdout)
        #expect(json.arrayValue?.first?["error"]?.stringValue?.count ?? 0 > 5000, "--json keeps the whole value")
    }

    @Test("an exclusion reason is one line of at most 500 characters", arguments: [String(repeating: "x", count: 501),
        "line\r\nBcc: x", "\u{1B}[31mred"])
    func exclusionReasonsAreBounded(reason: String) throws {
        let fixture = try RunnerFixture("reason", jobs: ["tick": commandJob("tick", schedule: "0 5 * * *",
            argv: ["true"])])
        defer { fixture.remove() }
        let run = try fixture.run(["anomalies", "exclude", "1", "--reason", reason])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("--reason"), "\(run.stderr)")
    }

    @Test func surveyStatusOfAnUnknownCampaignFailsNamingTheDeclaredOnes() throws {
        let fixture = try RunnerFixture("unknown_campaign", jobs: ["tick": commandJob("tick", schedule: "0 5 * * *",
            argv: ["true"])])
        defer { fixture.remove() }
        let status = try fixture.run(["survey", "status", "no-such-campaign"])
        #expect(status.status == 1)
        #expect(status.stderr.contains("no campaign 'no-such-campaign'") && status.stderr.contains("declared: none"),
            "\(status.stderr)")
    }
}
