import Foundation
import MIME
import Testing

@Suite("MIME builder")
struct MIMEBuilderTests {
    static let from = try! MailAddress.parse("Baseline Runner <reports@example.com>")
    static let to = try! MailAddress.parse("Zoë Ünal <zoe@example.com>")
    static let date = Date(timeIntervalSince1970: 1_795_756_747)

    static func message(subject: String = "Weekly review", text: String = "Hello", html: String? = "<p>Hello</p>",
                        attachments: [MailMessage.Attachment] = []) -> MailMessage {
        MailMessage(from: from, to: to, subject: subject, text: text, html: html, attachments: attachments,
                    messageID: "0123abcd@example.com", date: date)
    }

    static func wire(_ message: MailMessage) throws -> String {
        String(decoding: try MIMEBuilder.build(message), as: UTF8.self)
    }

    @Test func headersAreCompleteAndLinesEndInCRLF() throws {
        let text = try Self.wire(Self.message())
        #expect(text.hasPrefix("Date: Fri, 27 Nov 2026 05:19:07 +0000\r\nFrom: Baseline Runner "
            + "<reports@example.com>\r\n"))
        #expect(text.contains("\r\nTo: =?UTF-8?B?"))
        #expect(text.contains("\r\nSubject: Weekly review\r\n"))
        #expect(text.contains("\r\nMessage-ID: <0123abcd@example.com>\r\n"))
        #expect(text.contains("\r\nMIME-Version: 1.0\r\n"))
        #expect(text.contains("\r\nAuto-Submitted: auto-generated\r\n"))
        #expect(text.contains("multipart/alternative"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
    }

    @Test("CR, LF or NUL in a header value is refused before anything is built",
          arguments: ["Report\r\nBcc: victim@example.com", "Report\nX: y", "Report\0"])
    func headerInjectionIsRefused(subject: String) {
        let error = #expect(throws: MIMEError.self) { try MIMEBuilder.build(Self.message(subject: subject)) }
        #expect(error?.part == "header Subject")
    }

    @Test func textPartsUseSevenBitOnlyForShortASCIILines() throws {
        let short = try Self.wire(Self.message(text: "All good.", html: nil))
        #expect(short.contains("Content-Transfer-Encoding: 7bit"))
        let long = try Self.wire(Self.message(text: String(repeating: "x", count: 5000), html: nil))
        #expect(long.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let accented = try Self.wire(Self.message(text: "Grüße", html: nil))
        #expect(accented.contains("charset=utf-8"))
        #expect(accented.contains("Gr=C3=BC=C3=9Fe"))
    }

    @Test func quotedPrintableEscapesEqualsAndTrailingSpace() {
        #expect(MIMEEncoding.quotedPrintable("a=b \nend") == "a=3Db=20\r\nend")
    }

    @Test func encodedWordsSplitLongNonASCIISubjectsWithoutCuttingCharacters() throws {
        let subject = String(repeating: "Überprüfung 東京 ", count: 10)
        let words = MIMEEncoding.encodedWords(subject).split(separator: " ")
        #expect(words.count > 3)
        #expect(words.allSatisfy { $0.count <= 66 })
        let decoded = words.map { word -> String in
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
    }

    @Test func attachmentsWrapTheAlternativeInMultipartMixed() throws {
        let attachment = MailMessage.Attachment(fileName: "figures.json", contentType: "application/json",
                                                data: Data(#"{"a":1}"#.utf8))
        let text = try Self.wire(Self.message(attachments: [attachment]))
        let mixed = try #require(text.range(of: "multipart/mixed"))
        let alternative = try #require(text.range(of: "multipart/alternative"))
        #expect(mixed.lowerBound < alternative.lowerBound)
        #expect(text.contains("Content-Disposition: attachment; filename=\"figures.json\""))
        #expect(text.contains("Content-Type: application/json; charset=utf-8; name=\"figures.json\""))
    }

    /// An HTML attachment (the deck, the snapshot) says it is UTF-8, so "30 Nov – 6 Dec" and "≥" survive a
    /// client that trusts the part's header; a type that names its charset or is binary is left as given.
    @Test func textAttachmentsNameTheirCharset() throws {
        let deck = MailMessage.Attachment(fileName: "deck.html", contentType: "text/html", data: Data("–≥".utf8))
        let latin = MailMessage.Attachment(fileName: "old.txt", contentType: "text/plain; charset=iso-8859-1",
                                           data: Data([0x41]))
        let pdf = MailMessage.Attachment(fileName: "deck.pdf", contentType: "application/pdf", data: Data([0x25]))
        let text = try Self.wire(Self.message(attachments: [deck, latin, pdf]))
        #expect(text.contains("Content-Type: text/html; charset=utf-8; name=\"deck.html\""))
        #expect(text.contains("Content-Type: text/plain; charset=iso-8859-1; name=\"old.txt\""))
        #expect(text.contains("Content-Type: application/pdf; name=\"deck.pdf\""))
    }

    @Test func displayNamesWithSpecialsAreQuoted() {
        let address = try! MailAddress.parse("\"Ops, Platform\" <ops@example.com>")
        #expect(MIMEEncoding.mailbox(address) == "\"Ops, Platform\" <ops@example.com>")
    }
}
