import CLibPQ
import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A libpq connection string (URI or `key=value` conninfo), read by libpq itself (`PQconninfoParse`), so
/// the runner understands it exactly as the connection will.
public struct ConnectionString: Sendable {
    /// The string as given.
    public let raw: String
    /// Each keyword libpq found with its value (URIs percent-decoded), or nil when libpq cannot parse it.
    public let options: [String: String]?
    /// libpq's reason when it cannot parse the string, credentials masked.
    public let parseError: String?

    /// Parses `raw` with libpq.
    public init(_ raw: String) {
        self.raw = raw
        var message: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(raw, &message) else {
            options = nil
            let reason = message.map { String(cString: $0).trimmed } ?? "out of memory"
            // libpq quotes the offending token, which may be (part of) the password: never echo it.
            parseError = Self.withoutQuotedTokens(Self.masked(reason, password: nil))
            if let message { PQfreemem(message) }
            return
        }
        defer { PQconninfoFree(parsed) }
        var found: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { found[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        options = found
        parseError = nil
    }

    /// The password it carries, if any: it must never be logged.
    public var password: String? {
        guard let password = options?["password"], !password.isEmpty else { return nil }
        return password
    }

    /// The string with its password (and anything that looks like one) replaced by `***`, safe to log.
    public var redacted: String { Self.masked(raw, password: password) }

    private static func masked(_ text: String, password: String?) -> String {
        var result = text
        if let password, password.count >= 3 { result = result.replacing(password, with: "***") }
        // The same scrub the logger applies: `://user:secret@` and `password=secret`.
        return CredentialText.scrub(result)
    }

    /// The text with every double-quoted token replaced by `"…"`.
    static func withoutQuotedTokens(_ text: String) -> String {
        var out = ""
        var inQuote = false
        for character in text {
            if character == "\"" {
                out += inQuote ? "…\"" : "\""
                inQuote.toggle()
            } else if !inQuote {
                out.append(character)
            }
        }
        return inQuote ? out + "…\"" : out
    }

    /// A problem with the string that retrying cannot fix (exit 2), or nil: unparseable, or a port
    /// that is not a number from 1 to 65535.
    public var configurationProblem: String? {
        if let parseError { return "DATABASE_URL cannot be parsed by libpq: \(parseError)" }
        if let ports = options?["port"], !ports.isEmpty {
            for port in ports.split(separator: ",", omittingEmptySubsequences: false) {
                guard let number = Int(port), (1...65_535).contains(number) else {
                    return "DATABASE_URL: port \"\(port.prefix(20))\" is not a number from 1 to 65535"
                }
            }
        }
        return nil
    }
}

extension ConnectionString {
    /// The string with `connect_timeout` added when it sets none, so a probe never hangs on a dead host.
    public func withDefaultConnectTimeout(seconds: Int) -> String {
        guard options?["connect_timeout"] == nil else { return raw }
        if raw.hasPrefix("postgresql://") || raw.hasPrefix("postgres://") {
            return raw + (raw.contains("?") ? "&" : "?") + "connect_timeout=\(seconds)"
        }
        return raw + " connect_timeout=\(seconds)"
    }
}
