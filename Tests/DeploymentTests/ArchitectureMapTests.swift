import Foundation
import Testing
import TestSupport

/// docs/architecture.md's module table against Package.swift: every library and executable target has a row
/// (and a row names no target that does not exist), so the map a newcomer reads is the one that builds.
@Suite("Architecture map")
struct ArchitectureMapTests {
    static func targets() throws -> Set<String> {
        let manifest = try String(contentsOfFile: RunnerBinary.packageRoot + "/Package.swift", encoding: .utf8)
        let pattern = try Regex(#"\.(target|executableTarget|systemLibrary)\(name: "([^"]+)""#)
        return Set(manifest.matches(of: pattern).compactMap { $0.output[2].substring.map(String.init) })
            .subtracting(["TestSupport"])
    }

    static func mapped() throws -> Set<String> {
        let text = try String(contentsOfFile: RunnerBinary.packageRoot + "/docs/architecture.md", encoding: .utf8)
        let pattern = try Regex(#"^\| `([A-Za-z-]+)` \|"#).anchorsMatchLineEndings()
        return Set(text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test func everyTargetOfPackageSwiftHasARowAndEveryRowATarget() throws {
        let targets = try Self.targets(), mapped = try Self.mapped()
        #expect(targets.count >= 25, "\(targets.sorted())")
        let missing = targets.subtracting(mapped).sorted()
        #expect(missing.isEmpty, "targets missing from docs/architecture.md: \(missing)")
        #expect(mapped.subtracting(targets).isEmpty, "rows naming no target: \(mapped.subtracting(targets).sorted())")
    }
}
