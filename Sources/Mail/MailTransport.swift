import FoundationEssentials

/// How one delivery attempt ended, as the ledger needs it.
public enum TransportOutcome: Sendable, Equatable {
    /// Accepted: the server's reply (or the outbox file's path).
    case sent(reply: String)
    /// Worth another attempt: a 4xx reply, or a connection problem before the content was fully sent.
    case transient(String)
    /// Never worth retrying automatically: a 5xx reply, no STARTTLS, an untrusted certificate, bad login.
    case permanent(String)
    /// The connection broke after the whole content was sent, before the reply: the server may have it.
    case unknown(String)
}

/// Sends one message to one recipient. Implementations block: call them off the cooperative pool.
public protocol MailTransport: AnyObject {
    /// Sends `content` (the complete message) in an envelope from `sender` to `recipient`.
    func send(sender: String, recipient: String, content: Data) -> TransportOutcome
}
