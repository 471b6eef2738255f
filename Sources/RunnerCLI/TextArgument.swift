/// Free text given on the command line that reports show to people (exclusion reasons, action items).
enum TextArgument {
    /// The longest such text: it is shown in every report that carries it.
    static let maximumLength = 500

    /// Why `text` cannot be stored, or nil: one line of plain text of at most 500 characters.
    static func problem(_ text: String) -> String? {
        if text.count > maximumLength {
            return "is \(text.count) characters; at most \(maximumLength) (it is shown in every report)"
        }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); write one line "
                + "of plain text"
        }
        return nil
    }
}
