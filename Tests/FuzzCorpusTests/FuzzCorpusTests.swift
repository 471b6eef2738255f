import Foundation
import FuzzTargets
import Testing

/// Every saved fuzz input (the seed corpus and the inputs of past findings) runs through its target's
/// check on every test run, so a finding once fixed stays fixed.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("corpus")

    static func inputs(_ target: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpus.appendingPathComponent(target),
                                                    includingPropertiesForKeys: nil).sorted { $0.path < $1.path }
    }

    @Test("every target has a seed corpus of at least three inputs", arguments: FuzzTarget.all.map(\.name))
    func everyTargetHasSeeds(target: String) throws {
        #expect(try Self.inputs(target).count >= 3)
    }

    @Test("the saved inputs pass their target's checks", arguments: FuzzTarget.all.map(\.name))
    func savedInputsPass(target: String) throws {
        let check = try #require(FuzzTarget.named(target)).check
        for input in try Self.inputs(target) { check(Array(try Data(contentsOf: input))) }
    }

    @Test func everyCorpusFolderBelongsToATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(folders == FuzzTarget.all.map(\.name).sorted())
    }
}
