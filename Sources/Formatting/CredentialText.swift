/// Masks credentials inside connection strings, whatever their value: the password of every
/// `scheme://user:password@host` and every `password=value` (conninfo, URI queries, environment dumps).
///
/// Used by the log redactor and by the database's own error messages, so a connection string that
/// cannot be parsed (and so yields no password to look for) is never echoed with its secret.
public enum CredentialText {
    /// Masks the password of every `scheme://user:password@` and every `password=value`.
    public static func scrub(_ text: String) -> String {
        guard text.contains("://") || text.lowercased().contains("password") else { return text }
        var scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        let tokenEnds: Set<Unicode.Scalar> = ["\"", "'", " ", "\t", "\n", "\r", "<", ">"]
        while index < scalars.count {
            // `://user:password@host`: mask from the first ':' after the scheme to the last '@' of the token
            // (a password may hold '/', '#', '?' or ','; only whitespace, quotes and angle brackets end it).
            if scalars[index] == ":", index + 2 < scalars.count, scalars[index + 1] == "/", scalars[index + 2] == "/" {
                output.append(contentsOf: scalars[index...(index + 2)])
                var end = index + 3
                while end < scalars.count, !tokenEnds.contains(scalars[end]) { end += 1 }
                let token = scalars[(index + 3)..<end]
                if let at = token.lastIndex(of: "@"), let colon = token[..<at].firstIndex(of: ":") {
                    output.append(contentsOf: scalars[(index + 3)...colon])
                    output.append(contentsOf: "***".unicodeScalars)
                    index = at  // the host and the rest are scanned on, `?password=` included
                } else {
                    index += 3
                }
                continue
            }
            // `password=value` or `password = 'quoted value'` (conninfo, URI query, environment dumps).
            if let after = Self.passwordKeyEnd(scalars, at: index) {
                output.append(contentsOf: scalars[index..<after])
                var end = after
                if end < scalars.count, scalars[end] == "'" || scalars[end] == "\"" {
                    let quote = scalars[end]
                    end += 1
                    while end < scalars.count, scalars[end] != quote {
                        end += scalars[end] == "\\" ? 2 : 1
                    }
                    end = min(end + 1, scalars.count)
                } else {
                    while end < scalars.count, !tokenEnds.contains(scalars[end]), scalars[end] != "&" { end += 1 }
                }
                if end > after { output.append(contentsOf: "***".unicodeScalars) }
                index = end
                continue
            }
            output.append(scalars[index])
            index += 1
        }
        scalars.removeAll()
        return String(output)
    }

    /// When `password`, `PGPASSWORD` or `SMTP_PASSWORD` (any case) followed by `=` (spaces allowed)
    /// starts at `index`, the index after the `=` and its spaces.
    private static func passwordKeyEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let key = Array("password".unicodeScalars)
        guard index + key.count <= scalars.count else { return nil }
        for offset in 0..<key.count where scalars[index + offset].properties.lowercaseMapping != String(key[offset]) {
            return nil
        }
        var end = index + key.count
        while end < scalars.count, scalars[end] == " " || scalars[end] == "\t" { end += 1 }
        guard end < scalars.count, scalars[end] == "=" else { return nil }
        end += 1
        while end < scalars.count, scalars[end] == " " || scalars[end] == "\t" { end += 1 }
        return end
    }
}
