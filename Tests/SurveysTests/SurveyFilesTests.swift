import Foundation
import CSV
import Surveys
import Testing

@Suite("Survey roster and response files")
struct SurveyFilesTests {
    @Test func rosterKeepsGoodRowsAndNamesBadLines() throws {
        let roster = try SurveyRoster.parse("""
            email,name,tenant_id
            alex@example.com,Alex,6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f
            "Zoë Tech <zoe@example.com>","Tech, Zoë",6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f
            not-an-address,Bad,6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f
            sam@example.com,Sam,tenant-one
            ALEX@example.com,Alex again,6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f
            "evil@example.com\r\nBcc: x@example.com",Evil,6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f
            short@example.com,Short
            "tab@example.com","Tab\tName",6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f

            """)
        #expect(roster.members.map(\.email.address) == ["alex@example.com", "zoe@example.com"])
        #expect(roster.members[1].name == "Tech, Zoë")
        #expect(roster.problems.map(\.line) == [4, 5, 6, 7, 9, 10],
                "the CR LF inside quotes moves the later rows down a line")
        #expect(roster.problems[3].message.hasPrefix("email:"), "CR LF in an address is refused")
        #expect(roster.problems[0].message.hasPrefix("email:"))
        #expect(roster.problems[1].message == "tenant_id: \"tenant-one\" is not a UUID")
        #expect(roster.problems[2].message == "alex@example.com is already listed on line 2")
        #expect(roster.problems[4].message.contains("expected 3 fields"))
        #expect(roster.problems[5].message.hasPrefix("name: contains a control character"))
    }

    @Test func aWrongHeaderIsRefusedWhole() {
        #expect(throws: CSVError(line: 1, column: 0,
                                 reason: "the header must be email,name,tenant_id, found mail,name")) {
            _ = try SurveyRoster.parse("mail,name\nx@example.com,X\n")
        }
    }

    @Test func responsesAreCheckedAgainstTokensQuestionsAndScale() throws {
        let file = """
            token,question,value,comment,responded_at
            tok1,relevance,4,,2026-12-02T14:05:00Z
            tok1,comments,,"Great, ""really"" <b>fast</b>",2026-12-02T14:06:00-05:00
            nope,relevance,4,,2026-12-02T14:05:00Z
            tok1,accuracy,7,,2026-12-02T14:05:00Z
            tok1,accuracy,3,,yesterday
            tok1,mood,3,,2026-12-02T14:05:00Z
            tok2,unsubscribe,,,2026-12-02T15:00:00Z
            tok1,comments,5,,2026-12-02T14:05:00Z
            tok1,comments,,"nul \u{0} inside",2026-12-02T14:05:00Z
            """
        let parsed = try SurveyResponses.parse(file, questions: SurveyQuestion.defaults,
                                               isKnownToken: { ["tok1", "tok2"].contains($0) })
        #expect(parsed.responses.map(\.line) == [2, 3, 8])
        #expect(parsed.responses[1].comment == "Great, \"really\" <b>fast</b>")
        #expect(parsed.responses[1].value == nil)
        #expect(parsed.responses[1].respondedAt == Date(timeIntervalSince1970: 1_796_238_360))
        #expect(parsed.problems.map(\.line) == [4, 5, 6, 7, 9, 10])
        #expect(parsed.problems[0].message.hasPrefix("token:"))
        #expect(parsed.problems[1].message.hasPrefix("value: \"7\" is not 1 to 5"))
        #expect(parsed.problems[2].message.hasPrefix("responded_at:"))
        #expect(parsed.problems[3].message.hasPrefix("question: \"mood\""))
        #expect(parsed.problems[4].message.contains("free text"))
        #expect(parsed.problems[5].message.contains("NUL"))
    }

    @Test func invitationsGoToNewPeopleAndRemindersOnlyToSilentOnesWhenDue() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let day: TimeInterval = 86_400
        let states = [
            SurveyPlan.State(email: "new@x", status: "pending", lastSentAt: nil, reminders: 0),
            SurveyPlan.State(email: "due@x", status: "sent", lastSentAt: now - 2 * day, reminders: 0),
            SurveyPlan.State(email: "early@x", status: "sent", lastSentAt: now - day, reminders: 0),
            SurveyPlan.State(email: "second@x", status: "sent", lastSentAt: now - 3 * day, reminders: 1),
            SurveyPlan.State(email: "done@x", status: "sent", lastSentAt: now - 9 * day, reminders: 2),
            SurveyPlan.State(email: "answered@x", status: "responded", lastSentAt: now - 9 * day, reminders: 0),
            SurveyPlan.State(email: "bounced@x", status: "bounced", lastSentAt: nil, reminders: 0),
            SurveyPlan.State(email: "out@x", status: "unsubscribed", lastSentAt: now - 9 * day, reminders: 0),
            SurveyPlan.State(email: "failed@x", status: "failed", lastSentAt: nil, reminders: 0),
            SurveyPlan.State(email: "unknown@x", status: "unknown", lastSentAt: nil, reminders: 0),
        ]
        let due = SurveyPlan.due(states, now: now, reminderAfter: 2 * day, maxReminders: 2)
        #expect(due.map(\.email) == ["new@x", "due@x", "second@x"])
        #expect(due.map(\.action) == [.invite, .remind(1), .remind(2)])
    }

    @Test func linksPercentEncodeTheirParts() {
        #expect(SurveyLinks.url(template: "https://f.example.com/s?t={token}&q={question}&v={value}", token: "ab c",
                                question: "a&b", value: "5")
                == "https://f.example.com/s?t=ab%20c&q=a%26b&v=5")
    }
}

@Suite("Survey files: bytes that are not clean text")
struct SurveyFileBytesTests {
    static let header = Array("token,question,value,comment,responded_at\n".utf8)

    @Test func aLineThatIsNotUTF8IsABadLineNotAReplacementCharacter() throws {
        let latin1 = Array("tok1,comments,,caf".utf8) + [0xE9] + Array(",2026-12-02T14:05:00Z\n".utf8)
        let good = Array("tok1,relevance,4,,2026-12-02T14:05:00Z\n".utf8)
        let parsed = try SurveyResponses.parse(bytes: Self.header + latin1 + good, questions: SurveyQuestion.defaults,
                                               isKnownToken: { $0 == "tok1" })
        #expect(parsed.responses.map(\.line) == [3])
        #expect(parsed.problems.map(\.line) == [2])
        #expect(parsed.problems.first?.message.contains("not valid UTF-8") == true)
        #expect(!parsed.responses.contains { $0.comment?.contains("\u{FFFD}") == true })
    }

    @Test func aByteOrderMarkBeforeTheHeaderIsAccepted() throws {
        let file = [0xEF, 0xBB, 0xBF] + Self.header + Array("tok1,relevance,4,,2026-12-02T14:05:00Z\n".utf8)
        let parsed = try SurveyResponses.parse(bytes: file, questions: SurveyQuestion.defaults,
            isKnownToken: { _ in true })
        #expect(parsed.responses.count == 1 && parsed.problems.isEmpty)
        let roster = try SurveyRoster.parse(bytes: [0xEF, 0xBB,
            0xBF] + Array("email,name,tenant_id\na@example.com,A,6f1c2b8e-3a4d-4c5e-9f10-1a2b3c4d5e6f\n".utf8))
        #expect(roster.members.count == 1)
    }

    @Test func repeatedRowsAreImportedOnceAndConflictingRowsNotAtAllBothNamed() throws {
        let file = """
            token,question,value,comment,responded_at
            tok1,relevance,4,,2026-12-02T14:05:00Z
            tok1,relevance,4,,2026-12-02T14:05:00Z
            tok1,accuracy,2,,2026-12-02T14:05:00Z
            tok1,accuracy,5,,2026-12-02T14:05:00Z
            tok1,usefulness,3,,2026-12-02T14:05:00Z
            """
        let parsed = try SurveyResponses.parse(file, questions: SurveyQuestion.defaults, isKnownToken: { _ in true })
        #expect(parsed.responses.map(\.line) == [2, 6])
        #expect(parsed.repeats.map(\.line) == [3] && parsed.repeats.first?.message.contains("repeats line 2") == true)
        #expect(parsed.problems.map(\.line) == [5])
        #expect(parsed.problems.first?.message.contains("conflicts with line 4") == true)
    }
}
