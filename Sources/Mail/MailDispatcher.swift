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
        let entries = zip(mails, contents).map { mail, content in
            DeliveryStore.Entry(key: mail.key, job: mail.job, runID: mail.runID, recipient: mail.message.to.address,
                                subject: mail.message.subject, messageID: mail.message.messageID, content: content)
        }
        var records = try await store.enqueue(entries)
        var pending: [Pending] = []
        var firstIndex: [String: Int] = [:]
        for (index, (mail, content)) in zip(mails, contents).enumerated() {
            let record = records[index]
            if let first = firstIndex[mail.key] {
                logger.info("mail repeated in the batch; sent once", ["key": mail.key, "first": "\(first)"])
            } else if record.status == .pending {
                // Left pending by an earlier process (killed mid-batch): its message goes out as recorded, so
                // the ledger's Message-ID is the one the recipient gets (found by scripts/faults).
                let recorded = record.messageID == mail.message.messageID
                    ? content : try await store.content(id: record.id)
                pending.append(Pending(index: index, record: record, sender: mail.message.from.address,
                                       content: recorded ?? content))
            } else {
                logger.info("mail already handled for this key; not sent again", ["key": mail.key,
                                                                                  "status": record.status.rawValue])
            }
            firstIndex[mail.key] = firstIndex[mail.key] ?? index
        }
        for (index, record) in try await drive(pending) { records[index] = record }
        for (index, mail) in mails.enumerated() { records[index] = records[firstIndex[mail.key]!] }
        return records
    }

    /// Sends a `failed` or `unknown` delivery again, under a new attempt; returns its final row, or nil
    /// when it is in another status.
    public func resend(id: Int64, sender: String) async throws -> DeliveryStore.Record? {
        guard let record = try await store.reopen(id: id),
              let content = try await store.content(id: id) else { return nil }
        if let final = try await drive([Pending(index: 0, record: record, sender: sender,
                                                content: content)]).first?.1 { return final }
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
        if !pending.isEmpty { logger.info("resuming mail left pending by a stopped process",
                                          ["count": "\(pending.count)"]) }
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
            let now = Date()
            let due = waiting.filter { $0.due <= now }
            var next = waiting.filter { $0.due > now }
            for (delivery, final) in try await attempt(due) {
                if let final { done.append((delivery.index, final)) } else { next.append(delivery) }
            }
            waiting = next
        }
        return done
    }

    /// Sends each delivery once, in order. Between two messages one statement records the previous
    /// message's end and takes the next one (`sending`) before it goes out: one round trip per message,
    /// so a delivery is `sending` only from just before its message goes out until just after. Returns each
    /// delivery with its final row, or without one (and with its next due time) for a retry.
    private func attempt(_ deliveries: [Pending]) async throws -> [(Pending, DeliveryStore.Record?)] {
        var results: [(Pending, DeliveryStore.Record?)] = []
        var previous: (delivery: Pending, end: DeliveryStore.AttemptEnd)?
        for position in 0...deliveries.count {
            // Once the run is cancelled (timeout, shutdown) no new message is taken, but the outcome of the
            // one just sent is still recorded, if need be in a task the cancellation does not reach: a sent
            // message left `sending` would become `unknown` and could be resent by hand (found in review).
            var cancelledNow = Task.isCancelled
            let current = position < deliveries.count && !cancelledNow ? deliveries[position] : nil
            guard previous != nil || current != nil else { break }
            let finishing = previous?.end
            var step: (finished: DeliveryStore.Record?, begun: Int?)
            do {
                step = try await store.advance(finishing: finishing, beginning: current?.record.id)
            } catch where Task.isCancelled {
                // Cancelled before or during the statement (rolled back whole): record only the outcome.
                guard let finishing else { throw error }
                step = try await Task { [store] in
                    try await store.advance(finishing: finishing, beginning: nil)
                }.value
                step.begun = nil
                cancelledNow = true
            }
            if let (sent, end) = previous.take() {
                var delivery = sent
                if let record = step.finished { delivery.record = record }
                if let retryIn = end.retryIn {
                    delivery.due = Date().addingTimeInterval(retryIn)
                    results.append((delivery, nil))
                } else {
                    metrics?.add("baseline_runner_mail_deliveries_total", [delivery.record.status.rawValue])
                    results.append((delivery, delivery.record))
                }
            }
            guard let current, !cancelledNow else {
                if cancelledNow { throw CancellationError() }
                break
            }
            guard let attempt = step.begun else {
                // Another process has it, or it is no longer pending.
                let record = try await store.record(id: current.record.id) ?? current.record
                results.append((current, record))
                continue
            }
            let outcome = await send(sender: current.sender, recipient: current.record.recipient,
                                     content: MIMEBuilder.dateHeader(Date()) + current.content)
            previous = (current, end(of: current.record, attempt: attempt, outcome: outcome))
        }
        return results
    }

    /// How an attempt ended, for the ledger, logged; a transient failure with attempts left is a retry.
    private func end(of record: DeliveryStore.Record, attempt: Int,
                     outcome: TransportOutcome) -> DeliveryStore.AttemptEnd {
        var fields = ["key": record.key, "recipient": record.recipient, "attempt": "\(attempt)"]
        switch outcome {
        case .sent(let reply):
            logger.info("mail sent", fields)
            return .init(id: record.id, status: .sent, reply: reply, error: nil, retryIn: nil)
        case .transient(let error) where attempt < maxAttempts:
            let delay = backoff * pow(2, Double(attempt - 1))
            fields["error"] = error
            fields["retry_in_s"] = "\(delay)"
            logger.warning("mail attempt failed; will retry", fields)
            return .init(id: record.id, status: .pending, reply: nil, error: error, retryIn: delay)
        case .transient(let error), .permanent(let error):
            fields["error"] = error
            logger.error("mail failed", fields)
            return .init(id: record.id, status: .failed, reply: nil, error: error, retryIn: nil)
        case .unknown(let error):
            fields["error"] = error
            logger.error("mail delivery unknown; resend on purpose with 'deliveries resend'", fields)
            return .init(id: record.id, status: .unknown, reply: nil, error: error, retryIn: nil)
        }
    }

    private func send(sender: String, recipient: String, content: Data) async -> TransportOutcome {
        await withCheckedContinuation { continuation in
            queue.async { [transport] in
                continuation.resume(returning: transport.value.send(sender: sender, recipient: recipient,
                        content: content))
            }
        }
    }
}

/// The transport, only ever touched on the dispatcher's queue.
private final class TransportBox: @unchecked Sendable {
    let value: any MailTransport
    init(_ value: any MailTransport) { self.value = value }
}
