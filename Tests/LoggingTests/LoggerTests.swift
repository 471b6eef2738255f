import Foundation
import JSON
import Logging
import Testing

@Suite("Logger")
struct LoggerTests {
    static let fixedNow: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_756_747.25) }

    @Test func jsonLinesCarryTimeLevelMessageAndFields() throws {
        let sink = InMemoryLogSink()
        let logger = Logger(format: .json, sink: sink, now: Self.fixedNow).with(["job": "daily"])
        logger.info("run finished", ["status": "succeeded", "note": "two\nlines \"quoted\""])
        let line = try #require(sink.lines.first)
        #expect(!line.contains("\n"), "one object per line")
        let object = try #require(try JSONParser.parse(line).objectValue)
        #expect(object.keys.prefix(3) == ["ts", "level", "msg"])
        #expect(object["ts"] == .string("2026-11-27T05:19:07.250Z"))
        #expect(object["level"] == .string("info"))
        #expect(object["job"] == .string("daily"))
        #expect(object["note"] == .string("two\nlines \"quoted\""))
    }

    @Test func fieldsCannotOverwriteTheStandardKeys() throws {
        let sink = InMemoryLogSink()
        Logger(sink: sink, now: Self.fixedNow).info("real", ["msg": "forged", "level": "error"])
        let object = try #require(try JSONParser.parse(sink.lines[0]).objectValue)
        #expect(object["msg"] == .string("real"))
        #expect(object["level"] == .string("info"))
    }

    @Test func linesBelowTheMinimumLevelAreDropped() {
        let sink = InMemoryLogSink()
        let logger = Logger(minimumLevel: .warning, sink: sink)
        logger.info("quiet")
        logger.error("loud")
        #expect(sink.lines.count == 1)
    }

    @Test func textFormatIsReadableAndQuotesAwkwardValues() {
        let sink = InMemoryLogSink()
        Logger(format: .text, sink: sink, now: Self.fixedNow).warning("slow query", ["table": "job_runs", "sql": "select 1"])
        #expect(sink.lines == [#"2026-11-27T05:19:07.250Z WARNING slow query sql="select 1" table=job_runs"#])
    }

    @Test func secretsAreRedactedFromMessagesAndFields() {
        let sink = InMemoryLogSink()
        let logger = Logger(sink: sink, redactor: Redactor(secrets: ["s3cr3t-pw", "x"]))
        logger.error("login failed for s3cr3t-pw", ["url": "postgresql://app:s3cr3t-pw@db/x"])
        #expect(!sink.lines[0].contains("s3cr3t-pw"))
        #expect(sink.lines[0].contains("postgresql://app:***@db/x"))
        #expect(sink.lines[0].contains("@db/x"), "secrets shorter than 3 characters are not masked")
    }
}
