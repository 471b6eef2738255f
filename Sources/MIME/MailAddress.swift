import Formatting
import FoundationEssentials

/// A mailbox: `user@domain`, optionally with a display name (`Ada Lovelace <ada@example.com>`).
///
/// Parsing is strict on purpose: CR, LF, NUL and other control characters are refused anywhere, so an
/// address can never smuggle a header or an SMTP command.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any, without quotes.
    public let displayName: String?
    /// The part before `@`.
    public let localPart: String
    /// The part after `@`.
    public let domain: String

    /// `user@domain`: what goes into the SMTP envelope.
    public var address: String { "\(localPart)@\(domain)" }

    /// The address as written back, so that it parses to the same address: `Name <user@domain>`,
    /// `"Doe, Jane" <jane@example.com>` (a name with specials is quoted), or `user@domain`.
    public var description: String {
        guard let displayName else { return address }
        return "\(Self.needsQuoting(displayName) ? "\"\(displayName)\"" : displayName) <\(address)>"
    }

    /// Whether a display name holds RFC 5322 specials and must be quoted to be read back as one name
    /// (an unquoted `Doe, Jane` is two addresses to a mail client; found by fuzzing).
    public static func needsQuoting(_ name: String) -> Bool {
        name.unicodeScalars.contains(where: { "()<>[]:;@\\,.\"".unicodeScalars.contains($0) })
    }

    /// Creates an address from validated parts.
    public init(displayName: String?, localPart: String, domain: String) {
        self.displayName = displayName
        self.localPart = localPart
        self.domain = domain
    }

    /// Parses `user@domain` or `Display Name <user@domain>` (the name may be double-quoted).
    public static func parse(_ text: String) throws(MailAddressError) -> MailAddress {
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw MailAddressError(text: text,
                    problem: "contains control character U+\(Format.hex(bad.value, 4)) (CR, LF and NUL are never "
                        + "allowed)")
        }
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { throw MailAddressError(text: text, problem: "is empty") }
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            // Quotes are found as Unicode scalars, not Characters: a combining mark after a quote joins it
            // into one Character, and the quote would go unseen (found by fuzzing).
            var name = trimmed[..<open].trimmed
            let scalars = name.unicodeScalars
            if scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" {
                name = String(String.UnicodeScalarView(scalars.dropFirst().dropLast())).trimmed
                guard !name.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" }) else {
                    throw MailAddressError(text: text,
                                           problem: "has a quote or backslash inside the quoted display name")
                }
            } else if name.unicodeScalars.contains(where: { "\"<>\\".unicodeScalars.contains($0) }) {
                // A backslash quotes the next character in RFC 5322; refused unquoted as inside quotes (fuzzing).
                throw MailAddressError(text: text,
                                       problem: "has '<', '>', '\"' or '\\' in the display name; quote the name")
            }
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let bare = try parseBare(inner, whole: text)
            return MailAddress(displayName: name.isEmpty ? nil : name, localPart: bare.localPart, domain: bare.domain)
        }
        return try parseBare(trimmed, whole: text)
    }

    private static let localSpecials = Set("!#$%&'*+-/=?^_`{|}~.")

    private static func parseBare(_ text: String, whole: String) throws(MailAddressError) -> MailAddress {
        guard let at = text.lastIndex(of: "@") else {
            throw MailAddressError(text: whole, problem: "has no '@'; expected user@domain or Name <user@domain>")
        }
        let local = String(text[..<at])
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, local.count <= 64,
              local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || localSpecials.contains($0)) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw MailAddressError(text: whole, problem: "has an invalid local part \"\(local)\"")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 1, domain.count <= 253, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }) else {
            throw MailAddressError(text: whole, problem: "has an invalid domain \"\(domain)\"")
        }
        return MailAddress(displayName: nil, localPart: local, domain: domain)
    }
}

/// Why an address was refused.
public struct MailAddressError: Error, Sendable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What is wrong with it.
    public let problem: String

    /// Creates an error.
    public init(text: String, problem: String) {
        self.text = text
        self.problem = problem
    }

    /// `"bob@" has an invalid domain ""`.
    public var description: String {
        var quoted = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { quoted += "\\x" + Format.hex(scalar.value,
                    2) } else { quoted.unicodeScalars.append(scalar) }
        }
        return "\"\(quoted)\" \(problem)"
    }
}
