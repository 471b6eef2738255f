import Config
import FoundationEssentials
import JSON
import Logging
import Metrics
import Mail
import MIME
import Postgres
import Scheduler
import Store

/// Mail as configured by the environment: SMTP when `SMTP_URL` is set, else `.eml` files in `OUTBOX_DIR`.
public struct MailService: Sendable {
    /// The dispatcher over the chosen transport and the ledger.
    public let dispatcher: MailDispatcher
    /// The `From` address (`MAIL_FROM`, default `baseline-runner@localhost`).
    public let sender: MailAddress

    /// Builds the transport and dispatcher.
    public init(environment: RunnerEnvironment, database: Database, logger: Logger,
                metrics: MetricsRegistry? = nil) throws {
        let transport: any MailTransport
        if let url = environment.smtpURL {
            transport = SMTPTransport(settings: .init(url: url, requireStartTLS: environment.smtpStartTLS,
                                                      username: environment.smtpUsername,
                                                      password: environment.smtpPassword,
                                                      caFile: environment.smtpCAFile))
        } else {
            transport = try OutboxTransport(directory: environment.outboxDirectory)
        }
        // Real mail needs a real sender: people decide from `From` whether to trust a message (section 7).
        if environment.smtpURL != nil && environment.mailFrom == nil { throw SetupError.mailFromRequired }
        sender = environment.mailFrom ?? MailAddress(displayName: "baseline-runner", localPart: "baseline-runner",
                                                     domain: "localhost")
        dispatcher = MailDispatcher(store: DeliveryStore(database: database), transport: transport,
                                    maxAttempts: environment.mailMaxAttempts,
                                    backoff: Double(environment.mailRetryBackoff), logger: logger, metrics: metrics)
    }

    /// Why mail cannot be set up.
    public enum SetupError: Error, CustomStringConvertible {
        /// `SMTP_URL` without `MAIL_FROM`.
        case mailFromRequired
        public var description: String {
            "MAIL_FROM is required when SMTP_URL is set: set it to the address recipients see and may reply to, "
                + "e.g. MAIL_FROM='Baseline reports <reports@example.com>'"
        }
    }

    /// A message from `sender`, dated now, with a new Message-ID at the sender's domain: where mail gets its
    /// identity and its time.
    public func message(to recipient: MailAddress, subject: String, text: String, html: String?,
                        attachments: [MailMessage.Attachment] = []) -> MailMessage {
        MailMessage(from: sender, to: recipient, subject: subject, text: text, html: html, attachments: attachments,
                    messageID: "\(UUID().uuidString.lowercased())@\(sender.domain)", date: Date())
    }

    /// Throws when a delivery of `records` ended `failed` or `unknown`: a report or alert that did not
    /// reach its readers is a failed run, never a quiet success. Returns how many were sent.
    @discardableResult
    public static func requireDelivered(_ records: [DeliveryStore.Record], what: String) throws -> Int {
        let sent = records.filter { $0.status == .sent }.count
        let bad = records.filter { $0.status == .failed || $0.status == .unknown }
        guard let first = bad.first else { return sent }
        let statuses = Dictionary(bad.map { ($0.status.rawValue, 1) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        throw JobFailure("\(what): \(bad.count) of \(records.count) deliveries did not go out (\(statuses)); first: "
                         + "\(first.recipient): \(first.error ?? first.lastReply ?? "no reply recorded"); "
                         + "see 'baseline-runner deliveries --status failed' and 'deliveries resend ID'")
    }

    /// The addresses of recipient entries: groups expanded from `program.json`, duplicates removed.
    public static func resolve(_ recipients: [Recipient], groups: [String: [MailAddress]]) -> [MailAddress] {
        var seen = Set<String>()
        var result: [MailAddress] = []
        for recipient in recipients {
            let addresses: [MailAddress]
            switch recipient {
            case .address(let address): addresses = [address]
            case .group(let name): addresses = groups[name] ?? []
            }
            for address in addresses where seen.insert(address.address.lowercased()).inserted { result.append(address) }
        }
        return result
    }
}
