import Foundation
import JSON
import Testing
import TestSupport

@Suite("Failure notices")
struct FailureNoticeTests {
    static let program = #"{"baseline": {"start": "2026-11-30"}, "recipients": {"ops": ["Ops <ops@example.com>", "#
        + #""oncall@example.com"]}}"#

    @Test func failedFiringMailsEachRecipientOnceEvenWhenForcedAgain() throws {
        let fixture = try RunnerFixture("notice", jobs: [
            "broken": commandJob("broken", schedule: "30 6 * * *",
                                 argv: ["sh", "-c", "echo '<b>disk full</b>' >&2; exit 2"],
                                 extra: #", "notifyOnFailure": ["ops", "pm@example.com"]"#),
        ])
        defer { fixture.remove() }
        try Self.program.write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        let sink = try SMTPSink()
        let mail = ["SMTP_URL": sink.url, "SMTP_STARTTLS": "off", "MAIL_FROM": "Baseline Runner <runner@example.com>",
                    "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["run", "broken", "--at", "2026-11-27T06:30"], extra: mail).status == 1)
        #expect(try fixture.run(["run", "broken", "--at", "2026-11-27T06:30", "--force"], extra: mail).status == 1)
        #expect(sink.messages.count == 3, "one notice per recipient, once per firing")
        let parsed = try #require(try JSONParser.parse(try inspectMail(sink.messages)).arrayValue)
        let subjects = Set(parsed.compactMap { $0["headers"]?["Subject"]?.stringValue })
        #expect(subjects.count == 1)
        #expect(subjects.first?.hasPrefix("Job broken failed (failed, firing of Fri 27 Nov 06:30 ") == true,
            "\(subjects)")
        let html = try #require(parsed.first?["html"]?.stringValue)
        #expect(html.contains("&lt;b&gt;disk full&lt;/b&gt;"), "command output is escaped in HTML")
        #expect(!html.contains("<b>disk full"))
        let ledger = try fixture.run(["deliveries", "--json", "--job", "broken"])
        let rows = try #require(try JSONParser.parse(ledger.stdout).arrayValue)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["status"] == .string("sent") })
        let sent = try fixture.run(["deliveries", "--json", "--status", "sent"])
        #expect(try JSONParser.parse(sent.stdout).arrayValue?.count == 3)
        let failed = try fixture.run(["deliveries", "--json", "--status", "failed"])
        #expect(try JSONParser.parse(failed.stdout).arrayValue?.isEmpty == true)
        let bogus = try fixture.run(["deliveries", "--status", "delivered"])
        #expect(bogus.status == 2)
        #expect(bogus.stderr.contains("is not one of pending, sending, sent, failed, unknown"), "\(bogus.stderr)")
    }

    @Test func withoutSMTPTheNoticeIsAnEmlFileInTheOutbox() throws {
        let fixture = try RunnerFixture("outbox", jobs: [
            "broken": commandJob("broken", schedule: "30 6 * * *", argv: ["false"],
                                 extra: #", "notifyOnFailure": ["ops@example.com"]"#),
        ])
        defer { fixture.remove() }
        let outbox = fixture.jobsDirectory + "/outbox"
        let output = try fixture.run(["run", "broken"],
                extra: ["OUTBOX_DIR": outbox, "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"])
        #expect(output.status == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 1)
        let ledger = try fixture.run(["deliveries"])
        #expect(ledger.stdout.contains("sent"))
        #expect(ledger.stdout.contains(outbox))
    }
}
