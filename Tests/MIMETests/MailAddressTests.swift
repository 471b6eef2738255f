import MIME
import Testing

@Suite("Mail addresses")
struct MailAddressTests {
    @Test("valid addresses parse", arguments: [
        ("ops@example.com", nil, "ops@example.com"),
        ("Platform Ops <ops@example.com>", "Platform Ops", "ops@example.com"),
        ("\"Ops, Platform\" <ops@example.com>", "Ops, Platform", "ops@example.com"),
        ("  first.last+tag@sub.example.co.uk ", nil, "first.last+tag@sub.example.co.uk"),
        ("Zoë Ünal <zoe@example.com>", "Zoë Ünal", "zoe@example.com"),
        ("\" en \" <j@example.com>", "en", "j@example.com"),  // fuzzing: the spaces did not survive printing
        // Fuzzing: a combining mark after the opening quote joins it into one Character; the quote was missed.
        ("\"\u{30C}Zoë\" <z@example.com>", "\u{30C}Zoë", "z@example.com"),
    ])
    func validAddressesParse(text: String, name: String?, address: String) throws {
        let parsed = try MailAddress.parse(text)
        #expect(parsed.displayName == name)
        #expect(parsed.address == address)
    }

    @Test("invalid addresses are refused with the reason", arguments: [
        ("ops.example.com", "no '@'"),
        ("ops@", "invalid domain"),
        ("@example.com", "invalid local part"),
        ("a..b@example.com", "invalid local part"),
        ("ops@exa_mple.com", "invalid domain"),
        ("ops@example.com\r\nBcc: victim@example.com", "control character"),
        ("Ops <ops@example.com>\u{0}", "control character"),
        ("Evil <Boss> <ops@example.com>", "display name"),
        // Found by fuzzing: an unquoted backslash was taken, and the quoted form printed back was refused.
        ("\\ <zoe@example.com>", "display name"),
        ("", "control character"),
    ])
    func invalidAddressesAreRefused(text: String, reason: String) {
        let error = #expect(throws: MailAddressError.self) { try MailAddress.parse(text) }
        if text.isEmpty {
            #expect(error?.problem == "is empty")
        } else {
            #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
        }
    }

    // Found by fuzzing: `"D>oe, Jane" <jane@exe.com>` printed without its quotes and did not parse back.
    @Test("a name with specials is printed quoted, so the printed address parses to the same one", arguments: [
        "\"D>oe, Jane\" <jane@example.com>", "\"Doe, Jane\" <jane@example.com>", "\"J. Doe (ops)\" <j@example.com>",
        "Plain Name <p@example.com>", "bare@example.com",
    ])
    func printedAddressParsesBack(text: String) throws {
        let address = try MailAddress.parse(text)
        #expect(try MailAddress.parse(address.description) == address)
        #expect(address.description == text, "printed as written when it was written canonically")
    }

    @Test func errorsShowControlCharactersEscaped() {
        let error = #expect(throws: MailAddressError.self) { try MailAddress.parse("a@b.com\r\nX: y") }
        #expect(error?.description.contains("\\x0D\\x0A") == true)
    }
}

@Suite("Display names that look like encoded words")
struct EncodedWordLookAlikeTests {
    @Test("a name that is itself an RFC 2047 encoded word is encoded, so clients show it literally",
          arguments: ["=?utf-8?q?Bcc:_evil@example.com?=", "Pat =?ISO-8859-1?B?SGk=?= Lee"])
    func encodedWordLookAlikesAreEncoded(name: String) {
        let mailbox = MIMEEncoding.mailbox(MailAddress(displayName: name, localPart: "pat", domain: "example.com"))
        #expect(!mailbox.contains(name), "\(mailbox)")
        #expect(mailbox.hasPrefix("=?UTF-8?B?") && mailbox.hasSuffix("<pat@example.com>"), "\(mailbox)")
    }
}
