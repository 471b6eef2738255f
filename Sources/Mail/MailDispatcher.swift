import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Metrics
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
    private let metrics: MetricsRegistry?

    /// Creates a dispatcher; `transport` is used on a private queue only; final statuses are counted in
    /// `metrics` (`baseline_runner_mail_deliveries_total`).
    public init(store: DeliveryStore, transport: any MailTransport, maxAttempts: Int, backoff: Double, logger: Logger,
                metrics: MetricsRegistry? = nil) {
        self.metrics = metrics
        self.store = store
        self.transport = TransportBox(transport)
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.logger = logger
    }

    /// Delivers `mails` and waits for their retries; returns each key's final ledger row, in order.
    /// - Throws: `MIMEError` before anything is recorded or sent when a message cannot be built safely.
    public func deliver(_ mails: [OutgoingMail]) async throws -> [DeliveryStore.Record] {
        let contents = try mails.map { mail throws(MIMEError) in try MIMEBuilder.buildWithoutDate(mail.message) }
        try await store.markInterrupted(olderThan: 300)
        var pending: [Pending] = []
        var records: [DeliveryStore.Record] = []
        for (mail, content) in zip(mails, contents) {
            let record = try await store.enqueue(key: mail.key, job: mail.job, runID: mail.runID, recipient: mail.message.to.address,
                                                 subject: mail.message.subject, messageID: mail.message.messageID, content: content)
            records.append(record)
            if record.status == "pending" {
                pending.append(Pending(index: records.count - 1, record: record, sender: mail.message.from.address, content: content))
            } else {
                logger.info("mail already handled for this key; not sent again", ["key": mail.key, "status": record.status])
            }
        }
        for (index, record) in try await drive(pending) { records[index] = record }
        return records
    }

    /// Sends a `failed` or `unknown` delivery again, under a new attempt; returns its final row, or nil
    /// when it is in another status.
    public func resend(id: Int64, sender: String) async throws -> DeliveryStore.Record? {
        guard let record = try await store.reopen(id: id), let content = try await store.content(id: id) else { return nil }
        if let final = try await drive([Pending(index: 0, record: record, sender: sender, content: content)]).first?.1 { return final }
        return try await store.record(id: id)
    }

    /// Takes up deliveries another process left pending (it stopped between attempts) and marks
    /// deliveries interrupted mid-send as `unknown`; `serve` calls this periodically.
    /// Returns how many deliveries it attempted.
    @discardableResult
    public func resumeLeftovers(sender: String) async throws -> Int {
        try await store.markInterrupted(olderThan: 300)
        var pending: [Pending] = []
        for record in try await store.duePending(idle: 60, limit: 100) {
            guard let content = try await store.content(id: record.id) else { continue }
            pending.append(Pending(index: pending.count, record: record, sender: sender, content: content))
        }
        if !pending.isEmpty { logger.info("resuming mail left pending by a stopped process", ["count": "\(pending.count)"]) }
        _ = try await drive(pending)
        return pending.count
    }

    private struct Pending {
        let index: Int
        var record: DeliveryStore.Record
        let sender: String
        let content: Data
        var due = Date.distantPast
    }

    /// Attempts each pending delivery until it is sent, failed, unknown or out of attempts; returns the
    /// final rows by index.
    private func drive(_ deliveries: [Pending]) async throws -> [(Int, DeliveryStore.Record)] {
        var waiting = deliveries
        var done: [(Int, DeliveryStore.Record)] = []
        while !waiting.isEmpty {
            if let earliest = waiting.map(\.due).min(), earliest > Date() {
                try await Task.sleep(for: .seconds(earliest.timeIntervalSinceNow))
            }
            var next: [Pending] = []
            for var delivery in waiting {
                if delivery.due > Date() {
                    next.append(delivery)
                    continue
                }
                guard let attempt = try await store.beginAttempt(id: delivery.record.id) else {
                    if let current = try await store.record(id: delivery.record.id) { done.append((delivery.index, current)) }
                    continue  // another process has it, or it is no longer pending
                }
                let outcome = await send(sender: delivery.sender, recipient: delivery.record.recipient,
                                         content: MIMEBuilder.dateHeader(Date()) + delivery.content)
                let (record, retryIn) = try await finish(delivery.record, attempt: attempt, outcome: outcome)
                if let record { delivery.record = record }
                if retryIn == nil { metrics?.add("baseline_runner_mail_deliveries_total", [delivery.record.status]) }
                if let retryIn {
                    delivery.due = Date().addingTimeInterval(retryIn)
                    next.append(delivery)
                } else {
                    done.append((delivery.index, delivery.record))
                }
            }
            waiting = next
        }
        return done
    }

    /// Records an attempt's outcome; returns the row and, for a retry, its delay in seconds.
    private func finish(_ record: DeliveryStore.Record, attempt: Int, outcome: TransportOutcome) async throws -> (DeliveryStore.Record?, Double?) {
        var fields = ["key": record.key, "recipient": record.recipient, "attempt": "\(attempt)"]
        switch outcome {
        case .sent(let reply):
            logger.info("mail sent", fields)
            return (try await store.finishAttempt(id: record.id, status: "sent", reply: reply, error: nil, retryIn: nil), nil)
        case .transient(let error) where attempt < maxAttempts:
            let delay = backoff * pow(2, Double(attempt - 1))
            fields["error"] = error
            fields["retry_in_s"] = "\(delay)"
            logger.warning("mail attempt failed; will retry", fields)
            return (try await store.finishAttempt(id: record.id, status: "pending", reply: nil, error: error, retryIn: delay), delay)
        case .transient(let error), .permanent(let error):
            fields["error"] = error
            logger.error("mail failed", fields)
            return (try await store.finishAttempt(id: record.id, status: "failed", reply: nil, error: error, retryIn: nil), nil)
        case .unknown(let error):
            fields["error"] = error
            logger.error("mail delivery unknown; resend on purpose with 'deliveries resend'", fields)
            return (try await store.finishAttempt(id: record.id, status: "unknown", reply: nil, error: error, retryIn: nil), nil)
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
