import JSON
import Templates
import Testing

@Suite("Templates")
struct TemplateTests {
    static func render(_ source: String, _ type: ContentType, _ json: String,
                       partials: [String: String] = [:]) throws -> String {
        try Template(source: source, name: "t", contentType: type).render(try JSONParser.parse(json),
                partials: InMemoryPartials(partials))
    }

    @Test func htmlEscapesEveryDangerousCharacterIncludingTheApostrophe() throws {
        let hostile = #"{"c": "<script>alert('x')</script> & \"quoted\""}"#
        #expect(try Self.render("<p>{{c}}</p>", .html, hostile)
                == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</p>")
        #expect(try Self.render("{{{c}}}", .html, hostile) == "<script>alert('x')</script> & \"quoted\"",
                "triple mustache is raw on purpose")
    }

    @Test func partialsRenderWithTheIncludingTemplatesEscaping() throws {
        let json = #"{"c": "<b>|</b>"}"#
        #expect(try Self.render("{{> p}}", .html, json, partials: ["p": "{{c}}"]) == "&lt;b&gt;|&lt;/b&gt;")
        #expect(try Self.render("{{> p}}", .markdown, json, partials: ["p": "{{c}}"]) == "\\<b>\\|\\</b>")
        #expect(try Self.render("{{> p}}", .text, json, partials: ["p": "{{c}}"]) == "<b>|</b>")
    }

    @Test("a Markdown value stays inside its line: no heading, quote, list, fence or row break", arguments: [
        ("# Heading", "\\# Heading"), ("line one\n# two", "line one # two"), ("a\r\nb", "a b"), ("> 20 %", "> 20 %"),
        ("- item", "\\- item"), ("-12.5 %", "-12.5 %"), ("```", "\\```"), ("a\u{2028}b", "a b"), ("x | y", "x \\| y"),
        ("<img src=x>", "\\<img src=x>"), ("< 60 s", "< 60 s"), ("#1 priority", "#1 priority"),
    ])
    func markdownValuesStayOnTheirLine(value: String, escaped: String) {
        #expect(ContentType.markdown.escape(value) == escaped)
    }

    @Test func markdownEscapesPipesSoAValueCannotBreakATableRow() throws {
        #expect(try Self.render("| {{a}} | {{b}} |", .markdown,
                                #"{"a": "x | y", "b": "*kept*"}"#) == "| x \\| y | *kept* |")
    }

    @Test func emptyStringsAndEmptyListsAreFalsey() throws {
        #expect(try Self.render("{{#c}}has{{/c}}{{^c}}none{{/c}}", .text, #"{"c": ""}"#) == "none")
        #expect(try Self.render("{{#c}}has{{/c}}{{^c}}none{{/c}}", .text, #"{"c": []}"#) == "none")
        #expect(try Self.render("{{#c}}has{{/c}}", .text, #"{"c": "0"}"#) == "has")
    }

    @Test func numbersInterpolateWithoutNoise() throws {
        #expect(try Self.render("{{a}} {{b}} {{c}}", .text, #"{"a": 85, "b": 1.210, "c": 2e3}"#) == "85 1.21 2000")
    }

    struct BadTemplate: CustomTestStringConvertible, Sendable {
        let source: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { source.debugDescription }
    }

    @Test("parse errors name line and column of the tag's opening delimiter", arguments: [
        BadTemplate(source: "Hello\n  {{#items}}\n  {{name}}\n", line: 2, column: 3,
                    message: "unclosed section \"items\""),
        BadTemplate(source: "{{#a}}\n{{/b}}", line: 2, column: 1,
                    message: "does not match open section \"a\" (line 1, column 1)"),
        BadTemplate(source: "x {{/a}}", line: 1, column: 3, message: "without an open section"),
        BadTemplate(source: "line\nab {{name", line: 2, column: 4, message: "unclosed tag"),
        BadTemplate(source: "{{}}", line: 1, column: 1, message: "empty tag name"),
        BadTemplate(source: "é {{=<% %>=}} <%a b%>", line: 1, column: 15, message: "contains whitespace"),
        BadTemplate(source: "{{=<%=}}", line: 1, column: 1, message: "set-delimiter"),
        BadTemplate(source: "{{{raw}}", line: 1, column: 1, message: "unclosed tag"),
    ])
    func parseErrorsNamePosition(_ bad: BadTemplate) {
        let error = #expect(throws: TemplateError.self) { try Template(source: bad.source,
                name: "report.html.mustache", contentType: .html) }
        #expect(error?.line == bad.line, "\(error?.description ?? "")")
        #expect(error?.column == bad.column, "\(error?.description ?? "")")
        #expect(error?.message.contains(bad.message) == true, "\(error?.description ?? "")")
        #expect(error?.description.hasPrefix("report.html.mustache:\(bad.line):\(bad.column): ") == true)
    }

    @Test func runawayPartialRecursionIsAnErrorNamingTheIncludingTagNotACrash() {
        let error = #expect(throws: TemplateError.self) {
            try Self.render("{{> loop}}", .text, "{}", partials: ["loop": "x\nx {{> loop}}"])
        }
        #expect(error?.file == "loop", "\(error?.description ?? "")")
        #expect(error?.line == 2 && error?.column == 3, "\(error?.description ?? "")")
        #expect(error?.message.contains("loop → loop") == true, "\(error?.description ?? "")")
    }

    @Test("deep section nesting is a parse error at the offending tag, whatever the tag",
          arguments: ["{{#a}}", "{{^a}}", "{{#a}}{{^b}}"])
    func deepSectionNestingIsAnErrorNotACrash(opening: String) {
        let levels = 30_000
        let source = String(repeating: opening, count: levels) + "X"
        let error = #expect(throws: TemplateError.self) { try Template(source: source, name: "deep.html.mustache",
            contentType: .html) }
        #expect(error?.message.contains("nested deeper than") == true, "\(error?.description ?? "")")
        #expect(error?.line == 1)
        let width = opening.count / (opening.contains("{{^b}}") ? 2 : 1)
        #expect(error?.column == Template.maximumSectionDepth * width + 1, "\(error?.description ?? "")")
    }

    @Test func nestingAtTheLimitStillRenders() throws {
        let depth = Template.maximumSectionDepth
        let source = String(repeating: "{{#a}}", count: depth) + "X" + String(repeating: "{{/a}}", count: depth)
        #expect(try Self.render(source, .text, #"{"a": true}"#) == "X")
    }

    @Test func outputThatMultipliesWithoutEndIsAnError() {
        // Each level includes the next twice: 2^6 copies of 1 MB, twice the output limit.
        var partials: [String: String] = [:]
        for level in 0..<6 { partials["p\(level)"] = String(repeating: "{{> p\(level + 1)}}", count: 2) }
        partials["p6"] = "{{big}}"
        let context = "{\"big\": \"\(String(repeating: "x", count: 1 << 20))\"}"
        let error = #expect(throws: TemplateError.self) { try Self.render("{{> p0}}", .text, context,
            partials: partials) }
        #expect(error?.message.contains("exceeds") == true, "\(error?.description ?? "")")
    }

    @Test func contentTypeComesFromTheFileName() {
        #expect(ContentType(fileName: "report.html.mustache") == .html)
        #expect(ContentType(fileName: "report.md.mustache") == .markdown)
        #expect(ContentType(fileName: "alert.txt.mustache") == .text)
        #expect(ContentType(fileName: "footer.mustache") == nil)
        #expect(ContentType(fileName: "report.pdf.mustache") == nil)
    }
}
