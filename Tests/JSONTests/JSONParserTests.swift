import JSON
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test func objectsKeepKeyOrderAndLines() throws {
        let value = try JSONParser.parse("{\n  \"b\": 1,\n  \"a\": [true, null, \"x\"]\n}")
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(object.line(of: "b") == 2)
        #expect(object.line(of: "a") == 3)
        #expect(object["a"] == .array([.bool(true), .null, .string("x")]))
    }

    @Test func numbersKeepTheirText() throws {
        let value = try JSONParser.parse("[1.50, -0, 2e3, 12345678901234567890]")
        let texts = try #require(value.arrayValue).map { element -> String in
            guard case .number(let n) = element else { return "" }
            return n.text
        }
        #expect(texts == ["1.50", "-0", "2e3", "12345678901234567890"])
        #expect(JSONValue.int(3).intValue == 3)
        #expect(try JSONParser.parse("2e3").intValue == 2000)
        #expect(try JSONParser.parse("2.5").intValue == nil)
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude80""#)
        #expect(value == .string("a\"b\\c/d\né🚀"))
    }

    @Test("syntax errors name line and column", arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a key"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'"),
        ("{\"a\": tru}", 1, 7, "expected a value"),
        ("[1, 2", 1, 6, "expected ',' or ']'"),
        ("{\"a\": \"x\n\"}", 1, 9, "unterminated string"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
        ("[01]", 1, 2, "leading zero"),
        ("{} x", 1, 4, "after the document"),
        ("\"\\ud800\"", 1, 8, "unpaired surrogate"),
        ("", 1, 1, "unexpected end of input"),
        ("{\"é\": ?}", 1, 7, "expected a value"),
        // Found by fuzzing: infinite as a Double, it was accepted and printed back as null.
        ("{\"retries\": 1e999}", 1, 13, "number out of range"),
        ("[-2e308]", 1, 2, "number out of range"),
    ])
    func syntaxErrorsNameLineAndColumn(text: String, line: Int, column: Int, message: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error?.line == line, "\(error?.description ?? "")")
        #expect(error?.column == column, "\(error?.description ?? "")")
        #expect(error?.message.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error?.message.contains("nesting") == true)
    }

    @Test func serializationRoundTripsAndEscapesControlCharacters() throws {
        let original = JSONValue.object(JSONObject([
            ("text", .string("quote \" backslash \\ newline \n tab \t bell \u{07} line-sep \u{2028}")),
            ("list", .array([.int(1), .double(2.5), .bool(false), .null])),
            ("nested", .object(JSONObject([("k", .string("v"))]))),
        ]))
        let text = original.jsonText
        #expect(!text.contains("\n"))
        #expect(text.contains("\\u0007"))
        #expect(try JSONParser.parse(text) == original)
        #expect(try JSONParser.parse(original.prettyJSONText) == original)
    }

    @Test func nonFiniteNumbersSerializeAsNull() {
        #expect(JSONValue.double(.nan).jsonText == "null")
        #expect(JSONValue.double(.infinity).jsonText == "null")
    }
}
