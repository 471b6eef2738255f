import FoundationEssentials

/// The encodings of RFC 2045 and RFC 2047, and header folding (RFC 5322), as pure functions.
public enum MIMEEncoding {
    /// Lines may not exceed this many octets (RFC 5322), CRLF excluded.
    public static let maximumLineLength = 998

    /// Quoted-printable (RFC 2045 section 6.7) with CRLF line breaks and soft breaks at 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (index, line) in lineBytes(text).enumerated() {
            if index > 0 { out += [13, 10] }
            var column = 0
            for (position, byte) in line.enumerated() {
                let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9)
                    && position != line.count - 1)
                let width = literal ? 1 : 3
                if column + width > 75 {
                    out += [61, 13, 10]  // soft line break "=\r\n"
                    column = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [61, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                column += width
            }
        }
        return String(decoding: out, as: UTF8.self)
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

    /// Whether text may go as `7bit`: ASCII only, no NUL, lines at most 78 octets.
    public static func fitsSevenBit(_ text: String) -> Bool {
        var column = 0
        for byte in text.utf8 {
            if byte >= 128 || byte == 0 { return false }
            if byte == 10 || byte == 13 {
                column = 0
            } else {
                column += 1
                if column > 78 { return false }
            }
        }
        return true
    }

    /// The text with CRLF line endings.
    public static func crlf(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 64)
        for (index, line) in lineBytes(text).enumerated() {
            if index > 0 { out += [13, 10] }
            out += line
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of each line, split on CRLF, LF or CR.
    static func lineBytes(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 || bytes[index] == 10 {
                lines.append(bytes[start..<index])
                if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// RFC 2047 encoded-words (`=?UTF-8?B?...?=`) separated by spaces, for non-ASCII header text; each word
    /// stays under 66 characters and no UTF-8 character is split. ASCII text is returned unchanged unless
    /// it looks like an encoded word itself (`=?`): a client would decode that into something else.
    public static func encodedWords(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) || text.contains("=?") else { return text }
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
        if name.unicodeScalars.contains(where: { !$0.isASCII }) || name.contains("=?") {
            shown = encodedWords(name)
        } else if MailAddress.needsQuoting(name) {
            shown = "\"" + name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
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
