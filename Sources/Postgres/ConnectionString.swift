import FoundationEssentials

/// Reads the parts of a libpq connection string (URI or `key=value` conninfo) that logging needs.
public struct ConnectionString: Sendable {
    /// The string as given.
    public let raw: String

    /// Wraps a connection string.
    public init(_ raw: String) { self.raw = raw }

    /// The password it carries, if any, percent-decoded for URIs: it must never be logged.
    public var password: String? {
        if isURI {
            guard let components = URLComponents(string: raw) else { return nil }
            if let password = components.password, !password.isEmpty { return password }
            return components.queryItems?.first(where: { $0.name == "password" })?.value
        }
        return conninfoValue(for: "password")
    }

    /// The string with its password replaced by `***`, safe to log.
    public var redacted: String {
        guard let password else { return raw }
        if isURI, var components = URLComponents(string: raw) {
            if components.password != nil { components.password = "***" }
            components.queryItems = components.queryItems?.map {
                $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0
            }
            return components.string ?? "***"
        }
        return raw.replacing(password, with: "***")
    }

    private var isURI: Bool { raw.hasPrefix("postgresql://") || raw.hasPrefix("postgres://") }

    /// Parses `key = value` pairs, where a value may be single-quoted with backslash escapes.
    private func conninfoValue(for wanted: String) -> String? {
        var scalars = Array(raw.unicodeScalars)[...]
        func skipSpaces() { while let c = scalars.first, c.properties.isWhitespace { scalars.removeFirst() } }
        while true {
            skipSpaces()
            guard !scalars.isEmpty else { return nil }
            var key = ""
            while let c = scalars.first, c != "=", !c.properties.isWhitespace { key.unicodeScalars.append(c); scalars.removeFirst() }
            skipSpaces()
            guard scalars.first == "=" else { return nil }
            scalars.removeFirst()
            skipSpaces()
            var value = ""
            if scalars.first == "'" {
                scalars.removeFirst()
                while let c = scalars.first {
                    scalars.removeFirst()
                    if c == "\\", let next = scalars.first { value.unicodeScalars.append(next); scalars.removeFirst(); continue }
                    if c == "'" { break }
                    value.unicodeScalars.append(c)
                }
            } else {
                while let c = scalars.first, !c.properties.isWhitespace {
                    scalars.removeFirst()
                    if c == "\\", let next = scalars.first { value.unicodeScalars.append(next); scalars.removeFirst(); continue }
                    value.unicodeScalars.append(c)
                }
            }
            if key == wanted { return value }
        }
    }
}

extension ConnectionString {
    /// The string with `connect_timeout` added when it sets none, so a probe never hangs on a dead host.
    public func withDefaultConnectTimeout(seconds: Int) -> String {
        guard !raw.contains("connect_timeout") else { return raw }
        if isURIForm {
            return raw + (raw.contains("?") ? "&" : "?") + "connect_timeout=\(seconds)"
        }
        return raw + " connect_timeout=\(seconds)"
    }

    private var isURIForm: Bool { raw.hasPrefix("postgresql://") || raw.hasPrefix("postgres://") }
}
