import Formatting

/// Replaces secrets in text before it leaves the process: logs, stored run output and errors, mail.
///
/// Two layers. Known secret values (`DATABASE_URL`'s password, `SMTP_PASSWORD`, `SURVEY_SECRET`, and the
/// value of any environment variable named like a credential) are masked wherever they appear, so a
/// secret that a child process prints or a C library echoes is still hidden. Credential-looking parts of
/// connection strings (`scheme://user:PASSWORD@host`, `password=PASSWORD`) are masked whatever their
/// value, so even a string libpq cannot parse (and so no password could be read from) is never echoed.
public struct Redactor: Sendable {
    /// The replacement text.
    public static let mask = "***"
    private let secrets: [String]

    /// Creates a redactor for the given secrets; empty and very short strings are ignored, because
    /// masking every "a" would make logs unreadable without protecting anything.
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 3 })).sorted { $0.count > $1.count }
    }

    /// A redactor that masks only credential-looking parts of connection strings.
    public static let none = Redactor(secrets: [])

    /// Whether an environment variable's name says its value is a credential (`*PASSWORD*`, `*SECRET*`,
    /// `*TOKEN*`, `*_KEY`, `*CREDENTIAL*`).
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "APIKEY",
            "API_KEY"].contains { upper.contains($0) }
            || upper.hasSuffix("_KEY")
    }

    /// The values of every variable whose name says it is a credential.
    public static func secretValues(in variables: [String: String]) -> [String] {
        variables.filter { isSecretName($0.key) }.map(\.value)
    }

    /// The text with every secret and connection-string credential replaced by `***`.
    public func redact(_ text: String) -> String {
        // Known values first: a scrub that cut a value short would leave the rest for nobody to find.
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return CredentialText.scrub(result)
    }
}
