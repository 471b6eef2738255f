import Foundation
import JSON
import Testing
import TestSupport

/// Every kind of mail and archived report as its reader gets it (PRODUCT.md section 7, "Renders for the
/// person reading it", "Human words", "Footers", "Survey mail"): each job kind runs against a synthetic
/// platform, every message is parsed by Python's email package, and every HTML body is opened in headless
/// Chromium at a phone's 390 px and a desktop's 1280 px (`scripts/render-check.py`); nothing may scroll
/// sideways. Screenshots go to a temporary directory (kept with BASELINE_KEEP_RENDERS=1), never into the repository.
@Suite("What people receive", .serialized)
struct RenderingTests {
    static let platform = try! SyntheticPlatform(seed: 61, tenants: 3, days: 8, end: "2026-12-08", arguments: [
        "--interval", "60", "--plant", "latency_breach@2026-12-07T20:00+60:2",
        "--plant", "success_rate_drop@2026-12-07T15:00+60:1",
    ])
    static let runner = "render-host-7"

    static let program = #"{"baseline": {"start": "2026-11-30", "days": 7, "timezone": "America/New_York"}, "#
        + #""roi": {"hourlyRate": 85}, "dashboardUrl": "https://grafana.example.com/d/baseline", "#
        + #""replyTo": "Product Team <product@example.com>", "#
        + #""recipients": {"stakeholders": ["PM <pm@example.com>"], "ops": ["ops@example.com"]}}"#

    func jobs(tenant: String) -> [String: String] {
        let zone = #""timezone": "America/New_York""#
        return [
            "dq": #"{"name": "dq", "kind": "data-quality", "schedule": "30 6 * * *", \#(zone), "#
                + #""params": {"to": ["ops"]}}"#,
            "report": #"{"name": "report", "kind": "baseline-report", "at": "2026-12-07T08:00", \#(zone), "#
                + #""params": {"to": ["stakeholders"]}}"#,
            "report-one": #"{"name": "report-one", "kind": "baseline-report", "at": "2026-12-07T08:00", \#(zone), "#
                + #""params": {"to": ["stakeholders"], "tenant": "\#(tenant)"}}"#,
            "snap": #"{"name": "snap", "kind": "review-snapshot", "schedule": "0 8 * * MON", \#(zone), "#
                + #""params": {"to": ["stakeholders"]}}"#,
            "survey": #"{"name": "survey", "kind": "survey-dispatch", "schedule": "0 14 * * *", \#(zone), "#
                + #""params": {"campaign": "render-1", "roster": "roster.csv", "deadline": "2026-12-11", "#
                + #""responseUrl": "https://forms.example.com/s?t={token}&q={question}&v={value}", "#
                + #""unsubscribeUrl": "https://forms.example.com/unsubscribe?t={token}"}}"#,
            "broken": #"{"name": "broken", "kind": "command", "schedule": "0 5 * * *", \#(zone), "#
                + #""notifyOnFailure": ["ops"], "#
                + #""params": {"argv": ["/bin/sh", "-c", "echo '<b>disk full</b>'; exit 3"]}}"#,
        ]
    }

    @Test func everyBodyIsAWholeDocumentInHumanWordsThatFitsAPhone() throws {
        let tenants = try #require(Self.platform.manifest["tenants"]?.arrayValue)
        let tenant = try #require(tenants.first?["id"]?.stringValue)
        let fixture = try RunnerFixture("rendering", jobs: jobs(tenant: tenant))
        defer { fixture.remove() }
        try Self.program.write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        try "email,name,tenant_id\nalex.tech@example.com,Alex Tech,\(tenant)\n"
            .write(toFile: fixture.jobsDirectory + "/roster.csv", atomically: true, encoding: .utf8)
        let outbox = fixture.jobsDirectory + "/outbox"
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": outbox, "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates",
                           "MAIL_FROM": "Baseline reports <reports@example.com>", "RUNNER_ID": Self.runner,
                           "SURVEY_SECRET": "render-secret"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        for (job, at, status) in [("dq", "2026-12-08T06:30", 0), ("report", "2026-12-07T08:00", 0),
                                  ("report-one", "2026-12-07T08:00", 0), ("snap", "2026-12-07T08:00", 0),
                                  ("survey", "2026-12-01T14:00", 0), ("broken", "2026-12-01T05:00", 1)] {
            let run = try fixture.run(["run", job, "--at", at], extra: environment)
            #expect(run.status == Int32(status), "\(job): \(run.stderr.suffix(1500))")
        }

        // What was mailed, as a mail client reads it.
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
            .sorted().map { outbox + "/" + $0 }
        let messages = try #require(try JSONParser.parse(try inspectMail(files)).arrayValue)
        let subjects = messages.compactMap { $0["headers"]?["Subject"]?.stringValue }
        #expect(messages.count == 6, "alert, two reports, snapshot, survey, failure notice: \(subjects)")
        var bodies: [(String, String)] = []
        for message in messages {
            let subject = message["headers"]?["Subject"]?.stringValue ?? "?"
            #expect(message["defects"]?.arrayValue?.isEmpty == true, "\(subject): \(message["defects"] ?? .null)")
            #expect(message["headers"]?["From"] == .string("Baseline reports <reports@example.com>"), "\(subject)")
            bodies.append((subject + " (text)", message["text"]?.stringValue ?? ""))
            bodies.append((subject + " (html)", message["html"]?.stringValue ?? ""))
            try expectHuman(subject, [subject])
        }
        let survey = try #require(messages.first { $0["headers"]?["List-Unsubscribe"] != nil }, "\(subjects)")
        #expect(survey["headers"]?["List-Unsubscribe"]?.stringValue?
            .hasPrefix("<https://forms.example.com/unsubscribe?t=") == true)
        #expect(survey["headers"]?["List-Unsubscribe-Post"] == .string("List-Unsubscribe=One-Click"))
        #expect(survey["headers"]?["Reply-To"] == .string("Product Team <product@example.com>"))
        let invitation = survey["html"]?.stringValue ?? ""
        #expect(invitation.contains("1 = poor") && invitation.contains("height:44px")
            && invitation.contains("by Fri 11 Dec"),
            "the scale, 44 px buttons and the deadline")

        // What was archived.
        let listed = try JSONParser.parse(try fixture.run(["reports", "--json"], extra: environment).stdout)
        for report in listed.arrayValue ?? [] {
            let id = try #require(report["id"]?.intValue)
            for format in ["markdown", "html"] {
                let body = try fixture.run(["reports", "show", "\(id)", "--format", format], extra: environment).stdout
                bodies.append(("archived report \(id) (\(format))", body))
            }
        }
        #expect(bodies.count == 6 * 2 + 3 * 2)
        // The decks too: mailed as attachments, they are opened on phones as well as printed.
        for report in listed.arrayValue ?? [] where report["kind"] == .string("baseline-report") {
            let id = try #require(report["id"]?.intValue)
            let deck = try fixture.run(["reports", "show", "\(id)", "--format", "deck"], extra: environment).stdout
            bodies.append(("archived deck \(id) (html)", deck))
        }
        #expect(bodies.count == 6 * 2 + 3 * 2 + 2, "two baseline reports, two decks")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // Kept for a person to look at only when asked: BASELINE_KEEP_RENDERS=1 scripts/test.
        if ProcessInfo.processInfo.environment["BASELINE_KEEP_RENDERS"] == nil {
            LeftoverReaper.shared.removeAtExit(scratch)
        }
        var pages: [String: String] = [:]
        for (index, (name, body)) in bodies.enumerated() {
            try expectHuman(name, [body])
            guard name.hasSuffix("(html)") else { continue }
            try expectWholeDocument(name, body)
            let path = scratch + "/body-\(index).html"
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            pages[path] = name
        }
        let output = try Shell.capture("/usr/bin/env", ["python3",
            RunnerBinary.packageRoot + "/scripts/render-check.py",
                                                        "--screenshots",
                                                            scratch + "/screenshots"] + pages.keys.sorted())
        #expect(output.status == 0, "\(output.stderr.suffix(1500))")
        let widths = try JSONParser.parse(output.stdout)
        for (path, name) in pages {
            let phone = widths[path]?["390"]?.intValue ?? -1, desktop = widths[path]?["1280"]?.intValue ?? -1
            #expect(phone > 0 && phone <= 390, "\(name) is \(phone) px wide at 390 px; screenshots in \(scratch)")
            #expect(desktop > 0 && desktop <= 1280, "\(name) is \(desktop) px wide at 1280 px")
        }
    }

    /// No machine identifiers where people read: tenant uuids, RFC 3339 times, the runner's host name, or
    /// a command line.
    func expectHuman(_ name: String, _ texts: [String]) throws {
        let uuid = try Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        let rfc3339 = try Regex(#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"#)
        let command = try Regex("baseline-runner (history|anomalies|run|reports|survey|deliveries|actions) ")
        for text in texts {
            #expect(text.firstMatch(of: uuid) == nil,
                "\(name) shows a uuid: \(text.firstMatch(of: uuid).map { String(text[$0.range]) } ?? "")")
            #expect(text.firstMatch(of: rfc3339) == nil,
                "\(name) shows an RFC 3339 time: \(text.firstMatch(of: rfc3339).map { String(text[$0.range]) } ?? "")")
            #expect(!text.contains(Self.runner), "\(name) shows the runner's host name")
            #expect(text.firstMatch(of: command) == nil, "\(name) shows a command line")
        }
    }

    /// `<!DOCTYPE html>`, `lang`, charset, viewport and title; every table width also as an attribute.
    func expectWholeDocument(_ name: String, _ html: String) throws {
        #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
        for part in [#"<html lang="en">"#, #"<meta charset="utf-8">"#, #"<meta name="viewport""#, "<title>"] {
            #expect(html.contains(part), "\(name) lacks \(part)")
        }
        #expect(!html.contains(#"role="presentation" class="stack""#), "data tables are not presentation tables")
        for tag in html.matches(of: try Regex("<table[^>]*>")) {
            let text = String(html[tag.range])
            if text.contains("width:") { #expect(text.contains(" width=\""), "\(name): width only in CSS: \(text)") }
        }
    }
}
