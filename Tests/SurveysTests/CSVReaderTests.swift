import CSV
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let records = try CSVReader.parse("a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n\n3,,\n")
        #expect(records == [
            CSVReader.Record(line: 1, fields: ["a", "b", "c"]),
            CSVReader.Record(line: 2, fields: ["1", "x, \"y\"", "two\nlines"]),
            CSVReader.Record(line: 5, fields: ["3", "", ""]),
        ])
    }

    @Test func aLastLineWithoutNewlineIsRead() throws {
        #expect(try CSVReader.parse("a,b\n1,2") == [CSVReader.Record(line: 1, fields: ["a", "b"]),
                                                    CSVReader.Record(line: 2, fields: ["1", "2"])])
    }

    @Test(arguments: [
        ("a,b\n1,\"open\n", "line 2: a quoted field is never closed"),
        ("a,b\n1,\"x\"y\n", "line 2, column 6: text after a closing quote"),
        ("a,b\n1,x\"y\n", "line 2, column 4: a quote inside an unquoted field"),
    ])
    func quoteErrorsNameLineAndColumn(text: String, message: String) {
        do {
            _ = try CSVReader.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }
}
