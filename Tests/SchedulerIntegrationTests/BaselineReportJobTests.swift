import Foundation
import JSON
import Postgres
import Testing
import TestSupport

/// Serialized: the tests share the synthetic platform's database, runner tables included.
@Suite("baseline-report job", .serialized)
struct BaselineReportJobTests {
    static let platform = try! SyntheticPlatform(seed: 33, tenants: 2, days: 3, end: "2026-12-03")

    @Test func reportIsArchivedWithTheFiguresAndMailedOnce() throws {
        let fixture = try RunnerFixture("report", jobs: [
            "report": #"{"name": "report", "kind": "baseline-report", "at": "2026-12-03T08:00", "timezone": "#
                + #""America/New_York", "params": {"to": ["stakeholders"]}}"#,
        ])
        defer { fixture.remove() }
        try (#"{"baseline": {"start": "2026-11-30", "days": 3, "timezone": "America/New_York"}, "roi": "#
            + #"{"hourlyRate": 85}, "recipients": {"stakeholders": ["PM <pm@example.com>"]}}"#)
            .write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        let outbox = fixture.jobsDirectory + "/outbox"
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": outbox,
                           "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let run = try fixture.run(["run", "report", "--at", "2026-12-03T08:00"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")

        let reports = try #require(try JSONParser.parse(try fixture.run(["reports", "--json"],
                extra: environment).stdout).arrayValue)
            .filter { $0["job"]?.stringValue == "report" }
        #expect(reports.count == 1)
        #expect(reports.first?["period_start"] == .string("2026-11-30T05:00:00+00:00"))
        let id = try #require(reports.first?["id"]?.intValue)
        let figures = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"],
                                                           extra: environment).stdout)
        for key in ["period_start", "period_end", "timezone", "tenant_id", "success_rate_pct", "latency_p50_seconds",
                    "latency_p95_seconds",
                    "latency_p99_seconds", "tickets_enhanced", "tickets_per_day", "avg_rating", "rating_count",
                    "thumbs_up", "thumbs_down",
                    "positive_feedback_pct", "resolution_time_before_seconds", "resolution_time_after_seconds",
                    "resolution_time_reduction_pct",
                    "roi_hours_saved", "roi_value", "criteria", "daily", "excluded_windows"] {
            #expect(figures[key] != nil, "figures has \(key)")
        }
        var expected = 0.0
        for tenant in Self.platform.manifest["tenants"]!.arrayValue! {
            for day in Self.platform.manifest["daily"]![tenant["id"]!.stringValue!]!.objectValue! {
                expected += day.value["tickets"]!.doubleValue!
            }
        }
        let tickets = try #require(figures["tickets_enhanced"]?.doubleValue)
        #expect(abs(tickets - expected) <= expected * 0.01, "\(tickets) vs \(expected)")
        #expect(figures["daily"]?.arrayValue?.count == 3)
        #expect(figures["period_start"] == .string("2026-11-30T00:00:00-05:00"))
        let reduction = try #require(figures["resolution_time_reduction_pct"]?.doubleValue)
        #expect(reduction > 20 && reduction < 40, "synthetic after/before gauges are about 30 % apart: \(reduction)")

        let markdown = try fixture.run(["reports", "show", "\(id)"], extra: environment).stdout
        #expect(markdown.contains("| Criterion | Target | Value (95 % interval) | Sample | Verdict |"),
            "\(markdown.prefix(1500))")
        #expect(markdown.contains("## Prioritized roadmap") && markdown.contains("### Feedback themes"))
        #expect(markdown.contains("How it is measured: the platform's research-time gauges"),
                "the report says what research time is")
        #expect(markdown.contains("Not matched to any theme: "), "the themes say how much of the complaints they hold")
        let html = try fixture.run(["reports", "show", "\(id)", "--format", "html"], extra: environment).stdout
        #expect(html.utf8.count < 100_000)
        #expect(!html.contains("<script") && !html.contains("data:") && !html.contains("<svg"))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains(#"<meta charset="utf-8">"#), "a whole document")
        #expect(html.contains("Report \(id) · data through Wed 2 Dec · generated "), "the footer names the report")
        #expect(!markdown.contains("T00:00:00") && markdown.contains("30 Nov – 2 Dec 2026"),
            "people read local dates with an inclusive last day: \(markdown.prefix(300))")

        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 1)
        let parsed = try #require(try JSONParser.parse(try inspectMail(files.map { outbox + "/"
            + $0 })).arrayValue?.first)
        #expect(parsed["attachments"]?.arrayValue?.first?["filename"] == .string("baseline-report-figures.json"))
        #expect(try fixture.run(["run", "report", "--at", "2026-12-03T08:00", "--force"],
            extra: environment).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.count == 1,
                "a key is never mailed twice")
    }

    func reportFixture(_ label: String, params: String = #"{"to": ["stakeholders"]}"#) throws -> (RunnerFixture,
        [String: String]) {
        let name = label.replacing("_", with: "-")
        let fixture = try RunnerFixture(label, jobs: [
            name: #"{"name": "\#(name)", "kind": "baseline-report", "at": "2026-12-03T08:00", "#
                + #""timezone": "America/New_York", "params": \#(params)}"#,
        ])
        try (#"{"baseline": {"start": "2026-11-30", "days": 3, "timezone": "America/New_York"}, "#
            + #""recipients": {"stakeholders": ["pm@example.com"]}}"#)
            .write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": fixture.jobsDirectory + "/outbox",
                               "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        return (fixture, environment)
    }

    func reportCount(_ fixture: RunnerFixture, _ environment: [String: String]) throws -> Int {
        try JSONParser.parse(try fixture.run(["reports", "--json"], extra: environment).stdout).arrayValue?.count ?? -1
    }

    /// The error of the job's newest run, from the shared platform database the report tests write to.
    func lastError(_ job: String, _ fixture: RunnerFixture, _ environment: [String: String]) throws -> String {
        let history = try JSONParser.parse(try fixture.run(["history", job, "--json"], extra: environment).stdout)
        return history.arrayValue?.first?["error"]?.stringValue ?? ""
    }

    @Test func aDryRunPrintsTheWholeRenderedReportAndWritesNothing() throws {
        let (fixture, environment) = try reportFixture("report_dry")
        defer { fixture.remove() }
        let before = try reportCount(fixture, environment)
        let dry = try fixture.run(["run", "report-dry", "--dry-run", "--at", "2026-12-03T08:00"], extra: environment)
        #expect(dry.status == 0, "\(dry.stderr.suffix(1500))")
        #expect(dry.stdout.hasPrefix("# ") && dry.stdout.contains("| Criterion |"), "\(dry.stdout.prefix(500))")
        #expect(try reportCount(fixture, environment) == before, "a dry run archives nothing")
        #expect(!FileManager.default.fileExists(atPath: environment["OUTBOX_DIR"]! + "/"), "a dry run mails nothing")
    }

    @Test func aReportRunBeforeTheWindowEndsSaysItIsPreliminaryAndKeepsTheFinalKey() throws {
        let (fixture, environment) = try reportFixture("report_early")
        defer { fixture.remove() }
        let early = try fixture.run(["run", "report-early", "--at", "2026-12-02T09:00"], extra: environment)
        #expect(early.status == 0, "\(early.stderr.suffix(1500))")
        let final = try fixture.run(["run", "report-early", "--at", "2026-12-03T08:00"], extra: environment)
        #expect(final.status == 0, "\(final.stderr.suffix(1500))")
        let outbox = environment["OUTBOX_DIR"]!
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
            .sorted().map { outbox + "/" + $0 }
        let subjects = try JSONParser.parse(try inspectMail(files))
            .arrayValue?.compactMap { $0["headers"]?["Subject"]?.stringValue } ?? []
        #expect(subjects.count == 2, "the preliminary report does not use up the final report's key: \(subjects)")
        #expect(subjects.first?.hasPrefix("Preliminary baseline report 30 Nov – 2 Dec 2026 (2 of 3 days complete): ")
                == true, "\(subjects)")
        #expect(subjects.first?.contains(" so far, ") == true, "a preliminary decision is only so far: \(subjects)")
        #expect(subjects.last?.hasPrefix("Baseline report 30 Nov – 2 Dec 2026: ") == true, "\(subjects)")
    }

    @Test func aTenantThatIsNotInTheRegistryFailsTheRunInsteadOfMailingNulls() throws {
        let (fixture, environment) = try reportFixture("report_tenant",
            params: #"{"to": ["stakeholders"], "tenant": "00000000-0000-4000-8000-000000000001"}"#)
        defer { fixture.remove() }
        let run = try fixture.run(["run", "report-tenant", "--at", "2026-12-03T08:00"], extra: environment)
        #expect(run.status == 1)
        #expect(try lastError("report-tenant", fixture, environment).contains("is not a tenant of this program"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: environment["OUTBOX_DIR"]!))?.isEmpty ?? true)
    }

    @Test func aReportWhoseEveryDeliveryFailedFailsTheRun() throws {
        let (fixture, environment) = try reportFixture("report_undelivered")
        defer { fixture.remove() }
        var smtp = environment
        smtp["SMTP_URL"] = "smtp://127.0.0.1:9"
        smtp["SMTP_STARTTLS"] = "off"
        smtp["MAIL_FROM"] = "reports@example.com"
        smtp["MAIL_MAX_ATTEMPTS"] = "1"
        let run = try fixture.run(["run", "report-undelivered", "--at", "2026-12-03T08:00"], extra: smtp)
        #expect(run.status == 1, "\(run.stderr.suffix(800))")
        let error = try lastError("report-undelivered", fixture, smtp)
        #expect(error.contains("1 of 1 deliveries did not go out") && error.contains("deliveries resend"), "\(error)")
    }

    @Test func theDeckPrintsAsTenToFifteenWholeSlidesAndGoesToDeckRecipientsOnly() throws {
        let (fixture, environment) = try reportFixture("report_deck",
            params: #"{"to": ["stakeholders"], "deckTo": ["Sponsor <sponsor@example.com>"]}"#)
        defer { fixture.remove() }
        let run = try fixture.run(["run", "report-deck", "--at", "2026-12-03T08:00"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(1500))")
        let reports = try JSONParser.parse(try fixture.run(["reports", "--json"], extra: environment).stdout)
        let id = try #require(reports.arrayValue?.first { $0["job"] == .string("report-deck") }?["id"]?.intValue)
        let deck = try fixture.run(["reports", "show", "\(id)", "--format", "deck"], extra: environment).stdout
        let figures = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"],
            extra: environment).stdout)
        let path = fixture.jobsDirectory + "/deck.html"
        try deck.write(toFile: path, atomically: true, encoding: .utf8)
        let checked = try Shell.capture("/usr/bin/env", ["python3", RunnerBinary.packageRoot + "/scripts/deck-check.py",
                                                         path])
        #expect(checked.status == 0, "\(checked.stderr)")
        let result = try JSONParser.parse(checked.stdout)
        let pages = try #require(result["pages"]?.intValue)
        #expect((10...15).contains(pages) && result["slides"]?.intValue == pages, "one page per slide: \(result)")
        #expect(result["page_size_in"] == .array([.double(13.333), .double(7.5)]), "16:9: \(result)")
        #expect(result["overflowing"] == .array([]), "nothing is cut off: \(result)")
        #expect(result["scripts"] == .int(0) && result["remote"] == .int(0), "self-contained: \(result)")
        // The slides carry the figures' own numbers.
        let tickets = try #require(figures["tickets_enhanced"]?.doubleValue)
        let grouped = Int(tickets.rounded()).formatted(.number.grouping(.automatic)).replacing("\u{202F}", with: ",")
        #expect(deck.contains(grouped), "tickets \(grouped)")
        for criterion in figures["criteria"]?.arrayValue ?? [] {
            guard let actual = criterion["actual"]?.doubleValue, criterion["unit"] == .string("%") else { continue }
            #expect(deck.contains(String(format: "%.1f %%", actual)), "\(criterion["id"] ?? .null) \(actual)")
        }
        let outbox = environment["OUTBOX_DIR"]!
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
            .map { outbox + "/" + $0 }
        let mails = try #require(try JSONParser.parse(try inspectMail(files)).arrayValue)
        #expect(mails.count == 2)
        for mail in mails {
            let names = (mail["attachments"]?.arrayValue ?? []).compactMap { $0["filename"]?.stringValue }
            let sponsor = mail["headers"]?["To"]?.stringValue?.contains("sponsor@") == true
            #expect(names.contains("baseline-deck.html") == sponsor, "\(mail["headers"]?["To"] ?? .null): \(names)")
        }
    }

    @Test func eachTenantsRowEqualsThatTenantsOwnReport() throws {
        let (fixture, environment) = try reportFixture("report_all")
        defer { fixture.remove() }
        #expect(try fixture.run(["run", "report-all", "--at", "2026-12-03T08:00"], extra: environment).status == 0)
        let reports = try JSONParser.parse(try fixture.run(["reports", "--json"],
            extra: environment).stdout).arrayValue ?? []
        let allID = try #require(reports.first { $0["job"] == .string("report-all") }?["id"]?.intValue)
        let all = try JSONParser.parse(try fixture.run(["reports", "show", "\(allID)", "--format", "json"],
            extra: environment).stdout)
        let rows = try #require(all["tenants"]?.arrayValue)
        #expect(rows.count == Self.platform.manifest["tenants"]?.arrayValue?.count)
        for row in rows {
            let tenant = try #require(row["tenant_id"]?.stringValue)
            let name = "report-t\(tenant.prefix(8))"
            try (#"{"name": "\#(name)", "kind": "baseline-report", "at": "2026-12-03T08:00", "#
                + #""timezone": "America/New_York", "params": {"tenant": "\#(tenant)"}}"#)
                .write(toFile: fixture.jobsDirectory + "/\(name).json", atomically: true, encoding: .utf8)
            #expect(try fixture.run(["run", name, "--at", "2026-12-03T08:00"], extra: environment).status == 0)
            let listed = try JSONParser.parse(try fixture.run(["reports", "--json"],
                extra: environment).stdout).arrayValue ?? []
            let id = try #require(listed.first { $0["job"] == .string(name) }?["id"]?.intValue)
            let own = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"],
                extra: environment).stdout)
            for key in ["tickets_enhanced", "success_rate_pct", "latency_p95_seconds", "avg_rating",
                "resolution_time_reduction_pct"] {
                let a = row[key]?.doubleValue, b = own[key]?.doubleValue
                #expect(a == b || (a != nil && b != nil && abs(a! - b!) <= abs(b!) * 0.01),
                    "\(key): row \(String(describing: a)), own \(String(describing: b))")
            }
            let ownCriteria = own["criteria"]?.arrayValue ?? []
            #expect((row["criteria"]?.arrayValue ?? []).map { $0["verdict"] } == ownCriteria.map { $0["verdict"] },
                    "\(tenant)")
            // The row's intervals are the tenant's own report's: per criterion and per table figure.
            for (mine, theirs) in zip(row["criteria"]?.arrayValue ?? [], ownCriteria) {
                for key in ["n", "ci_low", "ci_high"] {
                    let a = mine[key]?.doubleValue, b = theirs[key]?.doubleValue
                    #expect(a == b || (a != nil && b != nil && abs(a! - b!) <= abs(b!) * 0.01),
                            Comment(rawValue: "\(tenant) \(theirs["id"] ?? .null) \(key): row "
                                + "\(String(describing: a)), own \(String(describing: b))"))
                }
                let figure = row["intervals"]?[theirs["metric"]?.stringValue ?? ""]
                if let figure, let low = figure["ci_low"]?.doubleValue, let own = theirs["ci_low"]?.doubleValue {
                    #expect(abs(low - own) <= abs(own) * 0.01, "\(tenant) \(theirs["metric"] ?? .null)")
                }
            }
        }
    }
}
