/// RFC 4180 CSV: comma-separated fields, double-quoted fields with `""` for a quote and line breaks inside,
/// CRLF or LF line ends. Every record keeps the line it starts on, so errors can name it.
public enum CSVReader {
    /// One record: its fields and the 1-based line it starts on.
    public struct Record: Sendable, Equatable {
        /// The line the record starts on.
        public let line: Int
        /// The fields, unquoted.
        public let fields: [String]

        /// Creates a record.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// Parses `text` into records; blank lines are skipped. A quote error stops the whole parse, because
    /// nothing after an unbalanced quote can be trusted.
    public static func parse(_ text: String) throws(CSVError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, column = 0
        var inQuotes = false, wasQuoted = false, afterQuote = false
        let bytes = Array(text.utf8)
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            wasQuoted = false
            afterQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
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
                        throw CSVError(line: line, column: column, reason: "a quote inside an unquoted field; quote the whole field and double the quote")
                    }
                    inQuotes = true
                    wasQuoted = true
                default:
                    guard !afterQuote else {
                        throw CSVError(line: line, column: column, reason: "text after a closing quote; expected a comma or the end of the line")
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
