import Dispatch
import Foundation
import Logging
import MIME
import Store

/// A message for one recipient under a delivery key (what, period or firing, recipient).
public struct OutgoingMail: Sendable {
    public let key: String
    public let job: String?
    public let runID: Int64?
    public let message: MailMessage
    public init(key: String, job: String?, runID: Int64?, message: MailMessage) {
        self.key = key
        self.job = job
        self.runID = runID
        self.message = message
    }
}

/// Delivers mail through the ledger: each key at most once; 4xx replies and early connection failures
/// retried with doubling backoff; 5xx and configuration faults failed; a connection lost after the whole
/// content `unknown` (never retried automatically).
public final class MailDispatcher: Sendable {
    private let store: DeliveryStore
    private let queue = DispatchQueue(label: "baseline-runner.mail")
    private let transport: TransportBox
    private let maxAttempts: Int
    private let backoff: Double
    private let logger: Logger

    /// Creates a dispatcher; `transport` is used on a private queue only.
    public init(store: DeliveryStore, transport: any MailTransport, maxAttempts: Int, backoff: Double, logger: Logger) {
        self.store = store
        self.transport = TransportBox(transport)
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.logger = logger
    }

    /// Delivers `mails` and waits for their retries; returns each key's final ledger row.
    /// - Throws: `MIMEError` before anything is recorded or sent when a message cannot be built safely.
    public func deliver(_ mails: [OutgoingMail]) async throws -> [DeliveryStore.Record] {
        let contents = try mails.map { mail throws(MIMEError) in try MIMEBuilder.buildWithoutDate(mail.message) }
        try await store.markInterrupted(olderThan: 300)
        var ids: [Int64] = []
        for (mail, content) in zip(mails, contents) {
            let record = try await store.enqueue(key: mail.key, job: mail.job, runID: mail.runID, recipient: mail.message.to.address,
                                                 subject: mail.message.subject, messageID: mail.message.messageID, content: content)
            if record.status == "pending" {
                ids.append(record.id)
            } else {
                logger.info("mail already handled for this key; not sent again", ["key": mail.key, "status": record.status])
            }
        }
        let senders = Dictionary(zip(mails.map(\.message.to.address), mails.map(\.message.from.address)), uniquingKeysWith: { a, _ in a })
        try await drive(ids, sender: { senders[$0] ?? mails.first?.message.from.address ?? "" })
        var records: [DeliveryStore.Record] = []
        for mail in mails {
            if let record = try await store.list(job: nil, status: nil, limit: 1, key: mail.key).first { records.append(record) }
        }
        return records
    }

    /// Sends a `failed` or `unknown` delivery again, under a new attempt; returns its final row, or nil
    /// when it is in another status.
    public func resend(id: Int64, sender: String) async throws -> DeliveryStore.Record? {
        guard try await store.reopen(id: id) != nil else { return nil }
        try await drive([id], sender: { _ in sender })
        return try await store.record(id: id)
    }

    /// Attempts each pending delivery until it is sent, failed, unknown or out of attempts.
    private func drive(_ ids: [Int64], sender: (String) -> String) async throws {
        var waiting = ids
        while !waiting.isEmpty {
            var next: [Int64] = []
            var earliest: Date?
            for id in waiting {
                guard let record = try await store.record(id: id), record.status == "pending" else { continue }
                if let due = record.nextAttemptAt, due > Date() {
                    next.append(id)
                    earliest = min(earliest ?? due, due)
                    continue
                }
                guard let (attempt, content) = try await store.beginAttempt(id: id) else { continue }
                let outcome = await send(sender: sender(record.recipient), recipient: record.recipient,
                                         content: MIMEBuilder.dateHeader(Date()) + content)
                try await finish(record, attempt: attempt, outcome: outcome)
                if case .transient = outcome, attempt < maxAttempts {
                    next.append(id)
                    let due = Date().addingTimeInterval(backoff * pow(2, Double(attempt - 1)))
                    earliest = min(earliest ?? due, due)
                }
            }
            waiting = next
            if let earliest, earliest > Date() {
                try await Task.sleep(for: .seconds(earliest.timeIntervalSinceNow))
            }
        }
    }

    private func finish(_ record: DeliveryStore.Record, attempt: Int, outcome: TransportOutcome) async throws {
        var fields = ["key": record.key, "recipient": record.recipient, "attempt": "\(attempt)"]
        switch outcome {
        case .sent(let reply):
            try await store.finishAttempt(id: record.id, status: "sent", reply: reply, error: nil, retryIn: nil)
            logger.info("mail sent", fields)
        case .transient(let error) where attempt < maxAttempts:
            let delay = backoff * pow(2, Double(attempt - 1))
            try await store.finishAttempt(id: record.id, status: "pending", reply: nil, error: error, retryIn: delay)
            fields["error"] = error
            fields["retry_in_s"] = "\(delay)"
            logger.warning("mail attempt failed; will retry", fields)
        case .transient(let error), .permanent(let error):
            try await store.finishAttempt(id: record.id, status: "failed", reply: nil, error: error, retryIn: nil)
            fields["error"] = error
            logger.error("mail failed", fields)
        case .unknown(let error):
            try await store.finishAttempt(id: record.id, status: "unknown", reply: nil, error: error, retryIn: nil)
            fields["error"] = error
            logger.error("mail delivery unknown; resend on purpose with 'deliveries resend'", fields)
        }
    }

    private func send(sender: String, recipient: String, content: Data) async -> TransportOutcome {
        await withCheckedContinuation { continuation in
            queue.async { [transport] in
                continuation.resume(returning: transport.value.send(sender: sender, recipient: recipient, content: content))
            }
        }
    }
}

/// The transport, only ever touched on the dispatcher's queue.
private final class TransportBox: @unchecked Sendable {
    let value: any MailTransport
    init(_ value: any MailTransport) { self.value = value }
}
