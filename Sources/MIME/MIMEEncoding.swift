import Foundation

/// The encodings of RFC 2045 and RFC 2047, and header folding (RFC 5322), as pure functions.
public enum MIMEEncoding {
    /// Lines may not exceed this many octets (RFC 5322), CRLF excluded.
    public static let maximumLineLength = 998

    /// Quoted-printable (RFC 2045 section 6.7) with CRLF line breaks and soft breaks at 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        var out = ""
        let lines = normalizedLines(text)
        for (index, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                var piece: String
                if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast) {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = String(format: "=%02X", byte)
                }
                if current.utf8.count + piece.utf8.count > 75 {
                    out += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            out += current
            if index < lines.count - 1 { out += "\r\n" }
        }
        return out
    }

    /// Base64 in lines of 76 characters with CRLF.
    public static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var out = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            out += encoded[index..<end] + "\r\n"
            index = end
        }
        return out
    }

    /// Whether text may go as `7bit`: ASCII only, no NUL or bare CR, lines at most 78 octets.
    public static func fitsSevenBit(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 128 && $0 != 0 } && normalizedLines(text).allSatisfy { $0.utf8.count <= 78 }
    }

    /// The text with CRLF line endings.
    public static func crlf(_ text: String) -> String {
        normalizedLines(text).joined(separator: "\r\n")
    }

    /// Lines split on CRLF, LF or CR.
    static func normalizedLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// RFC 2047 encoded-words (`=?UTF-8?B?...?=`) separated by spaces, for non-ASCII header text; each word
    /// stays under 66 characters and no UTF-8 character is split. ASCII text is returned unchanged.
    public static func encodedWords(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: " ")
    }

    /// A mailbox for `From`/`To`: the display name encoded (non-ASCII) or quoted (specials), then `<addr>`.
    public static func mailbox(_ address: MailAddress) -> String {
        guard let name = address.displayName, !name.isEmpty else { return address.address }
        let shown: String
        if name.unicodeScalars.contains(where: { !$0.isASCII }) {
            shown = encodedWords(name)
        } else if name.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) {
            shown = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        } else {
            shown = name
        }
        return "\(shown) <\(address.address)>"
    }

    /// A header line `Name: value`, folded at spaces so lines stay near 78 characters.
    public static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = "\(name):"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if current.utf8.count + 1 + word.utf8.count > 78 && current.utf8.count > name.utf8.count + 1 {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
