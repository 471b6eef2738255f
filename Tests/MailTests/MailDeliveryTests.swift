import Foundation
import JSON
import Logging
import Mail
import MIME
import Postgres
import Store
import Synchronization
import Testing
import TestSupport

/// Delivery against a real SMTP server on loopback, with the ledger in the real PostgreSQL.
@Suite("Mail delivery")
struct MailDeliveryTests {
    let store: DeliveryStore
    let url: String
    static let from = try! MailAddress.parse("Baseline Runner <reports@example.com>")

    init() async throws {
        url = try TestServices.scratchDatabase("mail")
        _ = try RunnerSchema.migrator.migrate(try PostgresConnection(url))
        store = DeliveryStore(database: Database(url))
    }

    static func mail(_ to: String, key: String? = nil,
                     subject: String = "Weekly review <draft> — Grüße") -> OutgoingMail {
        let recipient = try! MailAddress.parse(to)
        let message = MailMessage(from: from, to: recipient, subject: subject,
                                  text: "Hello \(recipient.address),\nsee the report.",
                                  html: "<p>Hello &amp; welcome</p>",
                                  messageID: "\(UUID().uuidString.lowercased())@example.com", date: Date())
        return OutgoingMail(key: key ?? "test:\(UUID()):\(to)", job: "test", runID: nil, message: message)
    }

    func dispatcher(_ transport: any MailTransport, attempts: Int = 4) -> MailDispatcher {
        MailDispatcher(store: store, transport: transport, maxAttempts: attempts, backoff: 0.05,
                       logger: Logger(sink: InMemoryLogSink()))
    }

    static func plain(_ sink: SMTPSink) -> SMTPTransport {
        SMTPTransport(settings: .init(url: sink.url, requireStartTLS: false, username: nil, password: nil, caFile: nil))
    }

    @Test func deliveredMessageHasTheMultipartStructureAndHeadersWhenParsedByPython() async throws {
        let sink = try SMTPSink()
        let records = (try await dispatcher(Self.plain(sink)).deliver([Self.mail("Zoë Ünal <zoe@example.com>")]))
        #expect(records.map(\.status.rawValue) == ["sent"])
        #expect(records.first?.lastReply?.hasPrefix("250 2.0.0 Ok: queued as") == true,
            "the server's own reply: \(records.first?.lastReply ?? "")")
        let parsed = try #require(try JSONParser.parse(try inspectMail(sink.messages)).arrayValue?.first)
        let headers = try #require(parsed["headers"]?.objectValue)
        #expect(headers["Subject"] == .string("Weekly review <draft> — Grüße"))
        #expect(headers["To"] == .string("Zoë Ünal <zoe@example.com>"))
        #expect(headers["Auto-Submitted"] == .string("auto-generated"))
        #expect(headers["MIME-Version"] == .string("1.0"))
        #expect(headers["Date"] != nil)
        #expect(headers["Message-ID"]?.stringValue == "<\(records[0].messageID)>")
        #expect(parsed["structure"] == .array([.string("multipart/alternative"), .string("text/plain"),
                                               .string("text/html")]))
        #expect(parsed["html"]?.stringValue?.contains("Hello &amp; welcome") == true)
        #expect(parsed["defects"] == .array([]))
        #expect((parsed["max_line"]?.intValue ?? 9999) <= 998)
    }

    @Test func rerunningABatchNeverSendsAKeyTwice() async throws {
        let sink = try SMTPSink()
        let batch = (0..<5).map { Self.mail("user\($0)@example.com", key: "report:2026-W48:user\($0)") }
        _ = (try await dispatcher(Self.plain(sink)).deliver(batch))
        let again = (try await dispatcher(Self.plain(sink)).deliver(batch))
        #expect(again.map(\.status.rawValue) == Array(repeating: "sent", count: 5))
        #expect(sink.messages.count == 5)
    }

    @Test func aBatchLargerThanOneStatementKeepsItsOrderAndSendsARepeatedKeyOnce() async throws {
        let sink = try SMTPSink()
        let run = UUID().uuidString
        let earlier = Self.mail("user3@example.com", key: "batch:\(run):3")
        _ = try await dispatcher(Self.plain(sink)).deliver([earlier])
        // 250 messages: three enqueue statements; key 3 was sent before, key 7 appears twice in the batch.
        var batch = (0..<250).map { Self.mail("user\($0)@example.com", key: "batch:\(run):\($0)") }
        batch.append(Self.mail("again7@example.com", key: "batch:\(run):7"))
        let records = try await dispatcher(Self.plain(sink)).deliver(batch)
        #expect(records.map(\.key) == batch.map(\.key), "one row per message, in the batch's order")
        #expect(records.allSatisfy { $0.status.rawValue == "sent" && $0.attempts == 1 })
        #expect(records[250].id == records[7].id, "the repeated key is the same delivery")
        #expect(sink.messages.count == 250, "250 distinct keys, one of them sent by the earlier batch")
        let received = try sink.messages.map { try String(contentsOfFile: $0, encoding: .utf8) }
        #expect(received.filter { $0.contains("To: user7@example.com\r\n") }.count == 1)
        #expect(received.allSatisfy { !$0.contains("again7@example.com") })
    }

    @Test func aDeliveryLeftPendingByAKilledBatchIsSentAsRecordedWithItsMessageID() async throws {
        let sink = try SMTPSink()
        let key = "left-by-kill:\(UUID())"
        let earlier = Self.mail("tech@example.com", key: key, subject: "Planned by the killed run")
        _ = try await store.enqueue(key: key, job: "test", runID: nil, recipient: "tech@example.com",
                                    subject: earlier.message.subject, messageID: earlier.message.messageID,
                                    content: try MIMEBuilder.buildWithoutDate(earlier.message))
        let rerun = Self.mail("tech@example.com", key: key, subject: "Built again by the next run")
        let records = try await dispatcher(Self.plain(sink)).deliver([rerun])
        #expect(records.map(\.status.rawValue) == ["sent"])
        let received = try String(contentsOfFile: try #require(sink.messages.first), encoding: .utf8)
        #expect(received.contains("Message-ID: <\(records[0].messageID)>"), "the ledger's Message-ID is the one sent")
        #expect(received.contains("Planned by the killed run"))
    }

    @Test func aRunCancelledWhileAMessageIsOnTheWireRecordsItSentAndTakesNoOther() async throws {
        let transport = SlowTransport(seconds: 0.3)
        let run = UUID().uuidString
        let batch = [Self.mail("first@example.com", key: "cancel:\(run):1"),
                     Self.mail("second@example.com", key: "cancel:\(run):2")]
        let dispatcher = dispatcher(transport)
        let task = Task { try await dispatcher.deliver(batch) }
        for _ in 0..<1000 where !transport.started { try await Task.sleep(for: .milliseconds(10)) }
        #expect(transport.started, "the first message went on the wire")
        task.cancel()  // while the first message is on the wire
        _ = try? await task.value
        let first = try await store.list(job: nil, status: nil, limit: 5, key: "cancel:\(run):1").first
        let second = try await store.list(job: nil, status: nil, limit: 5, key: "cancel:\(run):2").first
        #expect(first?.status == .sent, "the message that went out is recorded, not left sending")
        #expect(second?.status == .pending, "nothing new is taken once the run is cancelled")
        #expect(transport.sent == 1)
    }

    @Test func storedContentComesBackByteForByteForRetries() async throws {
        var bytes = Data((0...255).map { UInt8($0) })
        bytes.append(contentsOf: Array("\\x00'\"".utf8))
        let record = try await store.enqueue(key: "bytes:\(UUID())", job: "test", runID: nil,
                                             recipient: "a@example.com",
                                             subject: "s", messageID: "m@example.com", content: bytes)
        #expect(try await store.content(id: record.id) == bytes)
    }

    @Test("faults end in the right ledger status with the right number of attempts", arguments: [
        ("rcpt-421@example.com", "failed", 4), ("rcpt-451@example.com", "failed", 4), ("rcpt-550@example.com",
                "failed", 1),
        ("data-451@example.com", "failed", 4), ("data-554@example.com", "failed", 1), ("flaky-2@example.com", "sent",
                3),
        ("drop-rcpt@example.com", "failed", 4), ("drop-data@example.com", "unknown", 1),
    ])
    func faultsEndInTheRightStatus(recipient: String, status: String, attempts: Int) async throws {
        let sink = try SMTPSink()
        let records = (try await dispatcher(Self.plain(sink)).deliver([Self.mail(recipient)]))
        #expect(records.first?.status.rawValue == status, "\(records.first?.error ?? "")")
        #expect(records.first?.attempts == attempts)
        if status != "sent" { #expect(records.first?.error?.isEmpty == false) }
    }

    @Test func serverWithoutStartTLSIsRefusedWhenTLSIsRequired() async throws {
        let sink = try SMTPSink()
        let transport = SMTPTransport(settings: .init(url: sink.url, requireStartTLS: true, username: nil,
                                                      password: nil, caFile: nil))
        let records = (try await dispatcher(transport).deliver([Self.mail("ops@example.com")]))
        #expect(records.first?.status.rawValue == "failed")
        #expect(records.first?.attempts == 1, "a configuration fault is not retried")
        #expect(records.first?.error?.contains("STARTTLS") == true)
        #expect(sink.messages.isEmpty)
    }

    @Test func startTLSWithTheCAFileDeliversAndWithoutItIsRefused() async throws {
        let certificate = try TestCertificate()
        let sink = try SMTPSink(tls: certificate)
        let trusted = SMTPTransport(settings: .init(url: sink.url, requireStartTLS: true, username: nil, password: nil,
                                                    caFile: certificate.certificatePath))
        let delivered = try await dispatcher(trusted).deliver([Self.mail("ops@example.com")])
        #expect(delivered.first?.status.rawValue == "sent")
        let untrusted = SMTPTransport(settings: .init(url: sink.url, requireStartTLS: true, username: nil,
                                                      password: nil, caFile: nil))
        let refused = (try await dispatcher(untrusted).deliver([Self.mail("ops2@example.com")])).first
        #expect(refused?.status.rawValue == "failed")
        #expect(refused?.error?.contains("certificate") == true)
        #expect(sink.messages.count == 1)
    }

    @Test func headerInjectionIsRefusedBeforeAnythingIsRecordedOrSent() async throws {
        let sink = try SMTPSink()
        let hostile = Self.mail("ops@example.com", subject: "Report\r\nBcc: victim@example.com")
        let dispatcher = dispatcher(Self.plain(sink))
        await #expect(throws: MIMEError.self) { try await dispatcher.deliver([hostile]) }
        #expect(sink.messages.isEmpty)
        #expect(try await store.list(job: nil, status: nil, limit: 10, key: hostile.key).isEmpty)
    }

    @Test func unknownDeliveryIsResentOnlyOnPurpose() async throws {
        let sink = try SMTPSink()
        let records = (try await dispatcher(Self.plain(sink)).deliver([Self.mail("drop-data@example.com")]))
        let id = try #require(records.first?.id)
        #expect(records.first?.status.rawValue == "unknown")
        let resent = (try await dispatcher(Self.plain(sink), attempts: 1).resend(id: id, sender: "reports@example.com"))
        #expect(resent?.attempts == 2, "a new attempt of the same delivery")
        let sentOnce = (try await dispatcher(Self.plain(sink)).deliver([Self.mail("ok@example.com", key: "k-ok")]))
        let resentAgain = try await dispatcher(Self.plain(sink)).resend(id: sentOnce[0].id, sender: "x@example.com")
        #expect(resentAgain == nil, "a sent delivery is never resent")
    }

    @Test func mailLeftPendingByAStoppedProcessIsResumedAndMailInterruptedMidSendBecomesUnknown() async throws {
        let sink = try SMTPSink()
        let left = Self.mail("left@example.com")
        let content = try MIMEBuilder.buildWithoutDate(left.message)
        let pending = try await store.enqueue(key: left.key, job: "test", runID: nil, recipient: "left@example.com",
                                              subject: "s",
                                              messageID: left.message.messageID, content: content)
        let interrupted = try await store.enqueue(key: "interrupted", job: "test", runID: nil,
                                                  recipient: "mid@example.com", subject: "s",
                                                  messageID: "m@example.com", content: content)
        let connection = try PostgresConnection(url)
        try connection.query("UPDATE baseline_runner.deliveries SET updated_at = now() - interval '10 minutes' WHERE "
            + "id = $1", [pending.id])
        try connection.query("UPDATE baseline_runner.deliveries SET status = 'sending', updated_at = now() - "
            + "interval '10 minutes' WHERE id = $1",
                             [interrupted.id])
        let resumed = try await dispatcher(Self.plain(sink)).resumeLeftovers(sender: "reports@example.com")
        #expect(resumed == 1)
        #expect(try await store.record(id: pending.id)?.status.rawValue == "sent")
        #expect(try await store.record(id: interrupted.id)?.status.rawValue == "unknown",
                "the server may have it: never resent automatically")
        #expect(sink.messages.count == 1)
    }

    @Test func outboxWritesOneEmlFilePerMessageRecordedAsSentWithItsPath() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())").path
        let records = try await dispatcher(try OutboxTransport(directory: directory))
            .deliver([Self.mail("a@example.com"), Self.mail("b@example.com")])
        #expect(records.map(\.status.rawValue) == ["sent", "sent"])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 2)
        #expect(records.allSatisfy { $0.lastReply?.hasPrefix(directory) == true })
    }
}

/// Accepts every message after a pause, counting them: a message that is on the wire for a while.
private final class SlowTransport: MailTransport, @unchecked Sendable {
    private let seconds: Double
    private let counts = Mutex((started: 0, sent: 0))
    init(seconds: Double) { self.seconds = seconds }
    /// Whether a send has begun.
    var started: Bool { counts.withLock { $0.started > 0 } }
    /// How many sends ended.
    var sent: Int { counts.withLock { $0.sent } }
    func send(sender: String, recipient: String, content: Data) -> TransportOutcome {
        counts.withLock { $0.started += 1 }
        usleep(UInt32(seconds * 1_000_000))
        counts.withLock { $0.sent += 1 }
        return .sent(reply: "250 2.0.0 Ok")
    }
}
