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
        Logger(format: .text, sink: sink, now: Self.fixedNow).warning("slow query",
                ["table": "job_runs", "sql": "select 1"])
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

@Suite("Redaction of credentials")
struct RedactionTests {
    @Test("a connection string's password is masked whatever libpq thinks of the string", arguments: [
        ("postgresql+psycopg2://app:Pw-9x7@db.internal/platform", "Pw-9x7"),
        (" postgresql://app:Pw-9x7@db.internal/platform", "Pw-9x7"),
        ("postgresql://app:Pw-9x7@[::1/platform", "Pw-9x7"),
        ("postgres://app:p@ss@w0rd@db/x", "p@ss@w0rd"),
        ("host=db password='Pw 9x7 \\' q' port=5432", "Pw 9x7"),
        ("host=db PASSWORD = Pw-9x7 dbname=x", "Pw-9x7"),
        ("postgresql://app@db/x?password=Pw-9x7&sslmode=require", "Pw-9x7"),
        ("missing \"=\" after \"mysql://root:Pw-9x7@h\" in connection info string", "Pw-9x7"),
        ("postgres://app:pa#ss/9x7@db/x", "pa#ss/9x7"), ("password=hunter/22,x ok", "hunter/22,x"),
    ])
    func connectionCredentialsAreMasked(text: String, secret: String) {
        let redacted = Redactor.none.redact(text)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains("***"))
    }

    @Test func secretNamedVariablesAreSecrets() {
        let variables = ["API_TOKEN": "tok-123", "SMTP_PASSWORD": "smtp-pw", "AWS_SECRET_ACCESS_KEY": "aws-1",
            "SIGNING_KEY": "k-9",
                         "HOME": "/root", "PATH": "/bin"]
        #expect(Set(Redactor.secretValues(in: variables)) == ["tok-123", "smtp-pw", "aws-1", "k-9"])
        let redactor = Redactor(secrets: Redactor.secretValues(in: variables))
        #expect(redactor.redact("API_TOKEN=tok-123 HOME=/root") == "API_TOKEN=*** HOME=/root")
        let known = Redactor(secrets: ["hunter/22"])
        #expect(known.redact("SMTP_PASSWORD=hunter/22") == "SMTP_PASSWORD=***")
    }
}
