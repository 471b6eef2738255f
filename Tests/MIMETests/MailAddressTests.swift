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

    @Test func errorsShowControlCharactersEscaped() {
        let error = #expect(throws: MailAddressError.self) { try MailAddress.parse("a@b.com\r\nX: y") }
        #expect(error?.description.contains("\\x0D\\x0A") == true)
    }
}
