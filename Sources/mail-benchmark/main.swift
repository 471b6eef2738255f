// Sends N messages of about 30 KB (text and HTML) to an SMTP server: first through the transport alone
// (one connection reused), then through the dispatcher with the PostgreSQL ledger. Run via scripts/bench-mail.
import Foundation
import Logging
import Mail
import MIME
import Postgres
import Store

let arguments = CommandLine.arguments
let smtpURL = arguments[1]
let count = Int(arguments[2]) ?? 1000
let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"]

let from = try MailAddress.parse("Baseline Runner <reports@example.com>")
let row = "<tr><td style=\"padding:4px;border:1px solid #ddd\">Success rate</td><td style=\"padding:4px\">97.2 "
    + "%</td></tr>\n"
let html = "<table style=\"border-collapse:collapse\">\n" + String(repeating: row, count: 160) + "</table>"
let text = String(repeating: "Success rate ............ 97.2 %   p95 latency ..... 41.0 s\n", count: 250)
let messages = (0..<count).map { index in
    MailMessage(from: from, to: try! MailAddress.parse("user\(index)@example.com"), subject: "Weekly review \(index)",
                text: text, html: html, messageID: "\(UUID().uuidString.lowercased())@example.com", date: Date())
}
let size = try MIMEBuilder.build(messages[0]).count

let transport = SMTPTransport(settings: .init(url: smtpURL, requireStartTLS: false, username: nil, password: nil,
                                              caFile: nil))
var start = Date()
var failures = 0
for message in messages {
    let content = try MIMEBuilder.build(message)
    if case .sent = transport.send(sender: from.address, recipient: message.to.address,
                                   content: content) {} else { failures += 1 }
}
var seconds = Date().timeIntervalSince(start)
print(String(format: "swift build+send: %d messages of %d bytes in %.2f s = %.0f msg/s (%d failed)", count, size,
             seconds, Double(count) / seconds, failures))

/// Accepts everything at once: what the ledger alone costs.
final class NullTransport: MailTransport {
    func send(sender: String, recipient: String, content: Data) -> TransportOutcome { .sent(reply: "250 2.0.0 Ok") }
}

if let databaseURL {
    let database = Database(databaseURL)
    _ = try await database.withConnection { try RunnerSchema.migrator.migrate($0) }
    for (label, transport) in [("ledger alone:    ", NullTransport() as any MailTransport),
                               ("swift + ledger:  ", transport)] {
        let dispatcher = MailDispatcher(store: DeliveryStore(database: database), transport: transport, maxAttempts: 1,
                                        backoff: 1, logger: Logger(minimumLevel: .error))
        let run = UUID().uuidString
        let mails = messages.map { OutgoingMail(key: "bench:\(run):\($0.to.address)", job: "bench", runID: nil,
                                                message: $0) }
        start = Date()
        let records = try await dispatcher.deliver(mails)
        seconds = Date().timeIntervalSince(start)
        let sent = records.filter { $0.status == .sent }.count
        print(String(format: "%@ %d messages in %.2f s = %.0f msg/s (%d sent)", label, count, seconds,
                     Double(count) / seconds, sent))
    }
}
