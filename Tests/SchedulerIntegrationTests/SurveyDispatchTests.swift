import Foundation
import JSON
import Surveys
import SurveyTokens
import Testing
import TestSupport

/// `survey-dispatch` end to end: real `run` processes, a real SMTP sink, `survey status` and `survey import`.
@Suite("survey-dispatch job")
struct SurveyDispatchTests {
    static let tenant = "6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f"
    static let job = #"{"name": "survey", "kind": "survey-dispatch", "schedule": "0 14 * * *", "timezone": "#
        + #""America/New_York", "params": {"campaign": "base-1", "roster": "roster.csv", "responseUrl": "#
            + #""https://f.example.com/s?t={token}&q={question}&v={value}", "reminderAfter": "2d", "maxReminders": 2}}"#

    func fixture(roster: String) throws -> RunnerFixture {
        let fixture = try RunnerFixture("survey", jobs: ["survey": Self.job])
        try roster.write(toFile: fixture.jobsDirectory + "/roster.csv", atomically: true, encoding: .utf8)
        return fixture
    }

    func status(_ fixture: RunnerFixture) throws -> [String: JSONValue] {
        let output = try fixture.run(["survey", "status", "base-1", "--json"])
        let rows = try JSONParser.parse(output.stdout).arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["email"]!.stringValue!, $0) })
    }

    @Test func invitesOnceRemindsSilentPeopleAndImportsResponses() throws {
        let fixture = try fixture(roster: """
            email,name,tenant_id
            alex@example.com,Alex,\(Self.tenant)
            "Zoë Tech <zoe@example.com>",Zoë,\(Self.tenant)
            sam@example.com,Sam <b>,\(Self.tenant)
            rcpt-550@example.com,Nobody,\(Self.tenant)

            """)
        defer { fixture.remove() }
        let sink = try SMTPSink()
        let mail = ["SMTP_URL": sink.url, "SMTP_STARTTLS": "off", "SURVEY_SECRET": "s3cret-survey-key",
                    "MAIL_FROM": "Survey <survey@example.com>",
                    "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        let first = try fixture.run(["run", "survey", "--at", "2026-12-01T14:00"], extra: mail)
        #expect(first.status == 0, "\(first.stderr.suffix(1500))")
        #expect(!first.stderr.contains("s3cret-survey-key"), "the secret never reaches a log")
        #expect(sink.messages.count == 3)
        var standing = try status(fixture)
        #expect(standing["alex@example.com"]?["status"] == .string("sent"))
        #expect(standing["zoe@example.com"]?["status"] == .string("sent"))
        #expect(standing["rcpt-550@example.com"]?["status"] == .string("bounced"))
        #expect(standing["rcpt-550@example.com"]?["last_error"]?.stringValue?.contains("550") == true)

        let alexToken = SurveyToken.make(secret: "s3cret-survey-key", campaign: "base-1", email: "alex@example.com")
        let inspected = try inspectMail(sink.messages)
        #expect(inspected.contains("https://f.example.com/s?t=\(alexToken)&q=relevance&v=5"),
                "links carry the recipient's token")
        #expect(inspected.contains("Sam &lt;b&gt;"), "names are escaped in HTML")

        // The same firing again, and a day later (before reminderAfter): nobody is mailed twice.
        #expect(try fixture.run(["run", "survey", "--at", "2026-12-01T14:00", "--force"], extra: mail).status == 0)
        #expect(try fixture.run(["run", "survey", "--at", "2026-12-02T14:00"], extra: mail).status == 0)
        #expect(sink.messages.count == 3)

        let samToken = SurveyToken.make(secret: "s3cret-survey-key", campaign: "base-1", email: "sam@example.com")
        let responses = fixture.jobsDirectory + "/responses.csv"
        try """
            token,question,value,comment,responded_at
            \(alexToken),relevance,4,,2026-12-02T14:05:00Z
            \(alexToken),comments,,"Fast, ""mostly"" right",2026-12-02T14:06:00Z
            wrong-token,relevance,4,,2026-12-02T14:05:00Z
            \(alexToken),accuracy,9,,2026-12-02T14:05:00Z
            \(samToken),unsubscribe,,,2026-12-02T15:00:00Z

            """.write(toFile: responses, atomically: true, encoding: .utf8)
        let imported = try fixture.run(["survey", "import", "base-1", responses])
        #expect(imported.status == 1, "bad rows make the import exit 1")
        #expect(imported.stdout.contains("imported 3 row(s) into base-1: 3 new, 0 changed, 0 unchanged; 2 bad row(s) "
            + "left out"), "\(imported.stdout)")
        #expect(imported.stderr.contains("\(responses):4: token: \"wrong-token\""))
        #expect(imported.stderr.contains("\(responses):5: value: \"9\" is not 1 to 5"))
        let again = try fixture.run(["survey", "import", "base-1", responses])
        #expect(again.stdout.contains("0 new, 0 changed, 3 unchanged"), "importing again changes nothing")

        standing = try status(fixture)
        #expect(standing["alex@example.com"]?["status"] == .string("responded"))
        #expect(standing["sam@example.com"]?["status"] == .string("unsubscribed"))

        // Two days after the invitation only Zoë is reminded; then once more; then never again.
        #expect(try fixture.run(["run", "survey", "--at", "2026-12-03T14:00"], extra: mail).status == 0)
        #expect(sink.messages.count == 4)
        #expect(try inspectMail([sink.messages.last!]).contains("zoe@example.com"))
        #expect(try fixture.run(["run", "survey", "--at", "2026-12-05T14:00"], extra: mail).status == 0)
        #expect(try fixture.run(["run", "survey", "--at", "2026-12-09T14:00"], extra: mail).status == 0)
        #expect(sink.messages.count == 5)
        standing = try status(fixture)
        #expect(standing["zoe@example.com"]?["reminders"]?.intValue == 2)
        #expect(standing["zoe@example.com"]?["status"] == .string("sent"))
    }

    @Test func withoutTheSecretTheRunFailsAndSaysWhy() throws {
        let fixture = try fixture(roster: "email,name,tenant_id\nalex@example.com,Alex,\(Self.tenant)\n")
        defer { fixture.remove() }
        let run = try fixture.run(["run", "survey", "--at", "2026-12-01T14:00"],
                                  extra: ["OUTBOX_DIR": fixture.jobsDirectory + "/outbox",
                                          "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"])
        #expect(run.status == 1)
        #expect(try fixture.runs("survey").last?.error?.contains("SURVEY_SECRET is not set") == true)
    }

    @Test func badRosterLinesAreWarningsAndTheGoodLinesAreMailed() throws {
        // Line 3: not an address; line 4: a Latin-1 byte, not UTF-8.
        let roster = Data("email,name,tenant_id\nalex@example.com,Alex,\(Self.tenant)\nbad,Bad,\(Self.tenant)\n".utf8)
            + Data([0x72, 0x65, 0x6E, 0xE9, 0x40, 0x65, 0x78, 0x2E, 0x63, 0x6F,
                0x6D]) + Data(",René,\(Self.tenant)\n".utf8)
        let fixture = try fixture(roster: "")
        defer { fixture.remove() }
        try roster.write(to: URL(fileURLWithPath: fixture.jobsDirectory + "/roster.csv"))
        let validate = try fixture.run(["validate"], extra: ["TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.contains("warning: ") && validate.stderr.contains("roster.csv:3: email:"),
            "\(validate.stderr)")
        #expect(validate.stderr.contains("roster.csv:4: is not valid UTF-8"), "\(validate.stderr)")
        #expect(!validate.stderr.contains("roster.csv:2"), "the good line is not reported")

        let outbox = fixture.jobsDirectory + "/outbox"
        let run = try fixture.run(["run", "survey", "--at", "2026-12-01T14:00"],
                                  extra: ["OUTBOX_DIR": outbox, "SURVEY_SECRET": "k3y-for-tests",
                                      "MAIL_FROM": "survey@example.com",
                                          "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"])
        #expect(run.status == 1, "bad lines fail the run loudly, after the good ones are mailed")
        let mailed = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
        #expect(mailed.count == 1 && mailed[0].contains("alex@example.com"), "\(mailed)")
        let error = try fixture.runs("survey").last?.error ?? ""
        #expect(error.contains("2 bad line(s)") && error.contains("line 3") && error.contains("line 4"), "\(error)")
    }
}
