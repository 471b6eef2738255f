/// Replaces known secrets in text before it leaves the process.
///
/// Secrets come from the environment (`DATABASE_URL`'s password, `SMTP_PASSWORD`); every log line passes
/// through the redactor, so a secret that ends up inside an error message from a C library is still hidden.
public struct Redactor: Sendable {
    /// The replacement text.
    public static let mask = "***"
    private let secrets: [String]

    /// Creates a redactor for the given secrets; empty and very short strings are ignored, because
    /// masking every "a" would make logs unreadable without protecting anything.
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 3 })).sorted { $0.count > $1.count }
    }

    /// A redactor that changes nothing.
    public static let none = Redactor(secrets: [])

    /// The text with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return result
    }
}
