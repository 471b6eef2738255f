/// A failed Prometheus request: why, and the query (PromQL text, no secrets).
public struct PrometheusError: Error, Sendable, CustomStringConvertible {
    /// The broad kind of failure.
    public enum Kind: String, Sendable {
        /// No answer: connection refused, timeout, DNS.
        case unreachable
        /// Prometheus answered with an error (bad query, overload); `message` has its text.
        case rejected
        /// The answer could not be read.
        case malformed
    }

    public let kind: Kind
    public let message: String
    public let query: String

    public init(kind: Kind, message: String, query: String) {
        self.kind = kind
        self.message = message
        self.query = query
    }

    /// `Prometheus rejected the query "up +": bad_data: parse error ...`.
    public var description: String {
        switch kind {
        case .unreachable: return "Prometheus is unreachable (query \"\(query)\"): \(message)"
        case .rejected: return "Prometheus rejected the query \"\(query)\": \(message)"
        case .malformed: return "cannot read Prometheus's answer to \"\(query)\": \(message)"
        }
    }
}
