import JSON
import Foundation
import Testing
import TestSupport

@Suite("template render command")
struct TemplateRenderCommandTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory + "/partials", withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
    }

    @Test func rendersExactlyWithPartialsOfTheSameTypeAndNoAddedNewline() throws {
        try write("note.html.mustache", "<h1>{{title}}</h1>{{> sig}}")
        try write("partials/sig.html.mustache", "<p>{{who}}</p>")
        try write("partials/sig.mustache", "generic {{who}}")
        try write("note.txt.mustache", "{{title}} / {{> sig}}")
        try write("ctx.json", #"{"title": "Q4 <draft>", "who": "Ops & Co"}"#)
        let html = try RunnerBinary.run(["template", "render", directory + "/note.html.mustache", "--context",
                                         directory + "/ctx.json"])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout == "<h1>Q4 &lt;draft&gt;</h1><p>Ops &amp; Co</p>")
        let text = try RunnerBinary.run(["template", "render", directory + "/note.txt.mustache", "--context",
                                         directory + "/ctx.json",
                                         "--partials", directory + "/partials"])
        #expect(text.stdout == "Q4 <draft> / generic Ops & Co")
    }

    @Test func parseErrorExitsTwoNamingFileLineAndColumn() throws {
        try write("bad.md.mustache", "# Report\n\n{{#rows}}\n| {{name}} |\n")
        let output = try RunnerBinary.run(["template", "render", directory + "/bad.md.mustache"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("bad.md.mustache:3:1: unclosed section \"rows\""), "\(output.stderr)")
    }

    @Test func badContextJSONNamesLineAndColumn() throws {
        try write("a.txt.mustache", "{{x}}")
        try write("ctx.json", "{\n  \"x\": 1,\n}")
        let output = try RunnerBinary.run(["template", "render", directory + "/a.txt.mustache", "--context",
                                           directory + "/ctx.json"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("ctx.json:3:1: invalid JSON"), "\(output.stderr)")
    }

    @Test func fileWithoutAContentTypeIsRefused() throws {
        try write("plain.mustache", "x")
        let output = try RunnerBinary.run(["template", "render", directory + "/plain.mustache"])
        #expect(output.status == 2)
        #expect(output.stderr.contains(".html.mustache, .md.mustache or .txt.mustache"))
    }

    @Test func validateReportsTemplateErrorsAndMissingPartials() throws {
        let jobs = directory + "/jobs"
        try FileManager.default.createDirectory(atPath: jobs, withIntermediateDirectories: true)
        try #"{"baseline": {"start": "2026-11-30"}}"#.write(toFile: jobs + "/program.json", atomically: true,
                                                            encoding: .utf8)
        try write("broken.html.mustache", "<p>\n{{#a}}</p>")
        try write("uses.txt.mustache", "{{> nowhere}}")
        let output = try RunnerBinary.run(["validate"], environment: ["JOBS_DIR": jobs, "TEMPLATES_DIR": directory])
        #expect(output.status == 2)
        #expect(output.stderr.contains("broken.html.mustache:2:1: unclosed section \"a\""), "\(output.stderr)")
        #expect(output.stderr.contains("includes partial \"nowhere\""))
    }
}

/// The official spec's core modules through `template render`: files, `--context` and file partials.
@Suite("template render against the Mustache spec")
struct TemplateRenderSpecTests {
    static let spec = ProcessInfo.processInfo.environment["MUSTACHE_SPEC_DIR"]
        ?? URL(fileURLWithPath: RunnerBinary.packageRoot).deletingLastPathComponent()
            .appendingPathComponent("shared/mustache-spec").path
    /// A fresh clone without `../shared` skips these cases (CI has it).
    static let available = FileManager.default.fileExists(atPath: "\(spec)/sections.json")

    @Test(.enabled(if: available,
        "the Mustache spec is not at ../shared/mustache-spec (set MUSTACHE_SPEC_DIR); spec cases skipped"))
    func everyCoreSpecCasePassesThroughTheCommandLine() throws {
        let spec = Self.spec
        var failures: [String] = []
        var total = 0
        for module in ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"] {
            let data = try #require(FileManager.default.contents(atPath: "\(spec)/\(module).json"))
            let document = try JSONParser.parse(String(decoding: data, as: UTF8.self))
            for testCase in try #require(document["tests"]?.arrayValue) {
                total += 1
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID())").path
                try FileManager.default.createDirectory(atPath: directory + "/partials",
                                                        withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                try Data(testCase["template"]!.stringValue!.utf8).write(to: URL(fileURLWithPath: directory
                    + "/t.html.mustache"))
                try Data((testCase["data"] ?? .null).jsonText.utf8).write(to: URL(fileURLWithPath: directory
                    + "/ctx.json"))
                for member in testCase["partials"]?.objectValue ?? JSONObject() {
                    try Data(member.value.stringValue!.utf8).write(to: URL(fileURLWithPath: directory
                        + "/partials/\(member.key).mustache"))
                }
                let output = try RunnerBinary.run(["template", "render", directory + "/t.html.mustache", "--context",
                                                   directory + "/ctx.json"])
                if output.stdout != testCase["expected"]?.stringValue {
                    failures.append("\(module) / \(testCase["name"]?.stringValue ?? "?"): "
                        + "\(output.stdout.debugDescription) \(output.stderr)")
                }
            }
        }
        #expect(total == 136)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
