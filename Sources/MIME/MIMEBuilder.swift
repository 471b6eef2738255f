import CivilTime
import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Builds the bytes of a message (RFC 5322 and MIME): `multipart/alternative` (text, then HTML), inside
/// `multipart/mixed` when there are attachments; CRLF line endings; no line over 998 octets.
///
/// Header values holding CR, LF or NUL are refused before anything is built: no header injection.
public enum MIMEBuilder {
    /// The message as it goes on the wire.
    public static func build(_ message: MailMessage) throws(MIMEError) -> Data {
        dateHeader(message.date) + (try buildWithoutDate(message))
    }

    /// The `Date` header line for `date`: the time of sending, added at each attempt.
    public static func dateHeader(_ date: Date) -> Data {
        Data(MIMEEncoding.header("Date", InstantText.rfc5322(date)).utf8)
    }

    /// Everything but the `Date` header: what the delivery ledger stores for retries and resends.
    public static func buildWithoutDate(_ message: MailMessage) throws(MIMEError) -> Data {
        for (name, value) in [("Subject", message.subject), ("From", message.from.description),
                              ("To", message.to.description),
                              ("Message-ID", message.messageID), ("Reply-To", message.replyTo?.description ?? ""),
                              ("List-Unsubscribe", message.listUnsubscribe ?? "")] {
            if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw MIMEError(part: "header \(name)", message: "contains CR, LF or NUL (header injection); refused")
            }
        }
        for attachment in message.attachments
        where attachment.fileName.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" }) {
            throw MIMEError(part: "attachment",
                    message: "file name \(attachment.fileName.debugDescription) contains control characters or quotes")
        }

        var out = ""
        out += MIMEEncoding.header("From", MIMEEncoding.mailbox(message.from))
        out += MIMEEncoding.header("To", MIMEEncoding.mailbox(message.to))
        out += MIMEEncoding.header("Subject", MIMEEncoding.encodedWords(message.subject))
        out += MIMEEncoding.header("Message-ID", "<\(message.messageID)>")
        if let replyTo = message.replyTo { out += MIMEEncoding.header("Reply-To", MIMEEncoding.mailbox(replyTo)) }
        if let unsubscribe = message.listUnsubscribe {
            out += MIMEEncoding.header("List-Unsubscribe", unsubscribe)
            if message.oneClickUnsubscribe { out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" }
        }
        out += "MIME-Version: 1.0\r\n"
        out += "Auto-Submitted: auto-generated\r\n"

        let alternative = alternativePart(message)
        if message.attachments.isEmpty {
            out += alternative
        } else {
            let boundary = self.boundary(message, "mixed")
            out += "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
            out += "--\(boundary)\r\n" + alternative
            for attachment in message.attachments {
                out += "\r\n--\(boundary)\r\n"
                out += "Content-Type: \(Self.labelledContentType(attachment.contentType)); "
                    + "name=\"\(MIMEEncoding.encodedWords(attachment.fileName))\"\r\n"
                out += "Content-Disposition: attachment; "
                    + "filename=\"\(MIMEEncoding.encodedWords(attachment.fileName))\"\r\n"
                out += "Content-Transfer-Encoding: base64\r\n\r\n"
                out += MIMEEncoding.base64Lines(attachment.data)
            }
            out += "\r\n--\(boundary)--\r\n"
        }
        return Data(out.utf8)
    }

    /// Headers and body of the `multipart/alternative` part (or a single text part without HTML).
    private static func alternativePart(_ message: MailMessage) -> String {
        guard let html = message.html else { return textPart(message.text, type: "text/plain") }
        let boundary = self.boundary(message, "alt")
        return "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            + "--\(boundary)\r\n" + textPart(message.text, type: "text/plain")
            + "\r\n--\(boundary)\r\n" + textPart(html, type: "text/html")
            + "\r\n--\(boundary)--\r\n"
    }

    private static func textPart(_ text: String, type: String) -> String {
        if MIMEEncoding.fitsSevenBit(text) {
            return "Content-Type: \(type); charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + MIMEEncoding.crlf(text) + "\r\n"
        }
        return "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + MIMEEncoding.quotedPrintable(text) + "\r\n"
    }

    /// A boundary that cannot occur in quoted-printable or base64 output (it contains `=_`).
    private static func boundary(_ message: MailMessage, _ kind: String) -> String {
        "=_\(kind)_\(message.messageID.prefix(36).filter { $0.isLetter || $0.isNumber })"
    }

    /// A text attachment's type with its charset (`text/html; charset=utf-8`): the runner's text is UTF-8,
    /// and a mail client that trusts the part's header over the file's own `<meta>` would otherwise show
    /// "30 Nov â€“ 6 Dec".
    static func labelledContentType(_ type: String) -> String {
        let lower = type.lowercased()
        guard lower.hasPrefix("text/") || lower == "application/json", !lower.contains("charset") else { return type }
        return type + "; charset=utf-8"
    }
}
