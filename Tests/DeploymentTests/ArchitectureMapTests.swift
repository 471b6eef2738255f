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

    /// The targets under Package.swift's "Pure modules" comment, with their declared dependencies.
    static func pureTargets() throws -> [String: [String]] {
        let manifest = try String(contentsOfFile: RunnerBinary.packageRoot + "/Package.swift", encoding: .utf8)
        guard let start = manifest.range(of: "// Pure modules"),
              let end = manifest.range(of: "// I/O modules", range: start.upperBound..<manifest.endIndex) else {
            return [:]
        }
        let section = String(manifest[start.upperBound..<end.lowerBound])
        let pattern = try Regex(#"\.target\(name: "([^"]+)"(?:, dependencies: \[([^\]]*)\])?"#)
        var result: [String: [String]] = [:]
        for match in section.matches(of: pattern) {
            guard let name = match.output[1].substring.map(String.init) else { continue }
            let list = match.output[2].substring.map(String.init) ?? ""
            result[name] = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }.filter { !$0.isEmpty }
        }
        return result
    }

    /// What a pure target's sources may not contain: I/O imports and calls, the clock, randomness, files, the
    /// environment. (Glibc is allowed for its mathematics: `lgamma`, `exp`, `floor`.)
    static let impurities = ["import Dispatch", "import Foundation\n", "import CLibPQ", "import CCurl",
                             "import CCrypto",
                             "import Threading", "import ZoneInfo", "Date()", "UUID()", "ProcessInfo", "FileManager",
                             "getenv(", "fopen(", "open(", "socket(", "clock_gettime", "gettimeofday", "DispatchQueue",
                             ".random("]

    @Test func pureTargetsDependOnlyOnPureTargetsAndDoNoIO() throws {
        let pure = try Self.pureTargets()
        #expect(pure.count >= 10, "\(pure.keys.sorted())")
        for (target, dependencies) in pure.sorted(by: { $0.key < $1.key }) {
            let impure = dependencies.filter { pure[$0] == nil }
            #expect(impure.isEmpty, "pure \(target) depends on \(impure), which is not in the pure section")
            let folder = RunnerBinary.packageRoot + "/Sources/" + target
            for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                let found = Self.impurities.filter { text.contains($0) }
                #expect(found.isEmpty, "pure \(target)/\(file) contains \(found)")
            }
        }
    }

    /// STYLE.md: lines at most 120 columns, in every Swift file of the package and its manifest.
    @Test func everySwiftLineIsAtMost120Columns() throws {
        var long: [String] = []
        var files = 0
        for folder in ["Sources", "Tests"] {
            let root = RunnerBinary.packageRoot + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let path as String in walker where path.hasSuffix(".swift") {
                files += 1
                let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.count > 120 {
                    long.append("\(folder)/\(path):\(index + 1) (\(line.count) columns)")
                }
            }
        }
        let manifest = try String(contentsOfFile: RunnerBinary.packageRoot + "/Package.swift", encoding: .utf8)
        for (index, line) in manifest.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.count > 120 {
            long.append("Package.swift:\(index + 1) (\(line.count) columns)")
        }
        #expect(files > 100, "the walk found the sources")
        #expect(long.isEmpty, "\(long.count) lines over 120 columns: \(long.prefix(20).joined(separator: ", "))")
    }
}
