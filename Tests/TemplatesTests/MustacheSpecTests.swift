import Foundation
import JSON
import Templates
import Testing
import TestSupport

/// The official Mustache spec, read from `../shared/mustache-spec` (never copied into the project).
/// Core modules only; the optional ones (`~dynamic-names`, `~inheritance`, `~lambdas`) are not supported.
@Suite("Mustache specification")
struct MustacheSpecTests {
    static let directory = ProcessInfo.processInfo.environment["MUSTACHE_SPEC_DIR"]
        ?? URL(fileURLWithPath: RunnerBinary.packageRoot).deletingLastPathComponent()
            .appendingPathComponent("shared/mustache-spec").path
    static let coreModules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    /// Whether the spec is there: a fresh clone without `../shared` skips these cases (CI has it).
    static let available = FileManager.default.fileExists(atPath: "\(directory)/sections.json")

    @Test("every case of a core module passes",
          .enabled(if: available,
              "the Mustache spec is not at ../shared/mustache-spec (set MUSTACHE_SPEC_DIR); spec cases skipped"),
          arguments: coreModules)
    func coreModulePasses(module: String) throws {
        let data = try #require(FileManager.default.contents(atPath: "\(Self.directory)/\(module).json"),
                                "spec file missing in \(Self.directory)")
        let spec = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        let cases = try #require(spec["tests"]?.arrayValue)
        #expect(!cases.isEmpty)
        var failures: [String] = []
        for testCase in cases {
            let name = testCase["name"]?.stringValue ?? "?"
            let source = try #require(testCase["template"]?.stringValue)
            let expected = try #require(testCase["expected"]?.stringValue)
            var partials: [String: String] = [:]
            for member in testCase["partials"]?.objectValue ?? JSONObject() {
                partials[member.key] = member.value.stringValue
            }
            do {
                let template = try Template(source: source, name: name, contentType: .html)
                let rendered = try template.render(testCase["data"] ?? .null, partials: InMemoryPartials(partials))
                if rendered != expected {
                    failures.append("\(module) / \(name): expected \(expected.debugDescription), got "
                        + "\(rendered.debugDescription)")
                }
            } catch {
                failures.append("\(module) / \(name): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) failed:\n\(failures.joined(separator: "\n"))")
    }
}
