/// RFC 4180 CSV: comma-separated fields, double-quoted fields with `""` for a quote and line breaks inside,
/// CRLF or LF line ends. Every record keeps the line it starts on, so errors can name it.
public enum CSVReader {
    /// One record: its fields and the 1-based line it starts on.
    public struct Record: Sendable, Equatable {
        /// The line the record starts on.
        public let line: Int
        /// The fields, unquoted.
        public let fields: [String]
        /// False when a field's bytes were not valid UTF-8 (the fields then hold U+FFFD in their place):
        /// such a record must be reported, never imported.
        public let isValidUTF8: Bool

        /// Creates a record.
        public init(line: Int, fields: [String], isValidUTF8: Bool = true) {
            self.line = line
            self.fields = fields
            self.isValidUTF8 = isValidUTF8
        }
    }

    /// Parses `text` into records; blank lines are skipped. A quote error stops the whole parse, because
    /// nothing after an unbalanced quote can be trusted.
    public static func parse(_ text: String) throws(CSVError) -> [Record] {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses raw file bytes. A leading UTF-8 byte-order mark is skipped (spreadsheets write one); a
    /// record with bytes that are not UTF-8 is kept with `isValidUTF8 == false` so its line can be named.
    public static func parse(bytes input: [UInt8]) throws(CSVError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, column = 0
        var inQuotes = false, wasQuoted = false, afterQuote = false, validUTF8 = true
        let bytes = input
        var index = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endField() {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                fields.append(String(decoding: field, as: UTF8.self))
                validUTF8 = false
            }
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            afterQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields, isValidUTF8: validUTF8))
            }
            fields.removeAll(keepingCapacity: true)
            validUTF8 = true
        }
        while index < bytes.count {
            let byte = bytes[index]
            column += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                        column += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if byte == 10 { line += 1; column = 0 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    endField()
                case 13 where index + 1 < bytes.count && bytes[index + 1] == 10:
                    break
                case 10:
                    endRecord()
                    line += 1
                    column = 0
                    recordLine = line
                case UInt8(ascii: "\""):
                    guard field.isEmpty, !wasQuoted else {
                        throw CSVError(line: line, column: column,
                                reason: "a quote inside an unquoted field; quote the whole field and double the quote")
                    }
                    inQuotes = true
                    wasQuoted = true
                default:
                    guard !afterQuote else {
                        throw CSVError(line: line, column: column,
                                       reason: "text after a closing quote; expected a comma or the end of the line")
                    }
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes { throw CSVError(line: recordLine, column: 0, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
