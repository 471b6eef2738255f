import Formatting
import Foundation
import Testing

@Suite("Format")
struct FormatTests {
    @Test(arguments: [(7, 2, "07"), (2026, 4, "2026"), (-5, 3, "-05"), (123, 2, "123"), (0, 6, "000000")])
    func paddedIntegersKeepTheirSign(value: Int, width: Int, expected: String) {
        #expect(Format.padded(value, width) == expected)
    }

    @Test func hexIsUpperCaseAndPadded() {
        #expect(Format.hex(UInt8(10), 2) == "0A")
        #expect(Format.hex(UInt32(0x1F600), 4) == "1F600")
    }

    @Test(arguments: [(1234.5678, 2, "1234.57"), (0.25, 1, "0.2"), (2.5, 0, "2"), (-0.04, 1, "-0.0"),
                      (1e20, 1, "100000000000000000000.0"),
                      (Double.nan, 2, "nan"), (-Double.infinity, 1, "-inf"), (99.95, 1,
                              "100.0")] as [(Double, Int, String)])
    func fixedRoundsLikePrintf(value: Double, digits: Int, expected: String) {
        #expect(Format.fixed(value, digits) == expected)
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(Format.percentEncoded("rate(x[5m]) + 1 ü") == "rate%28x%5B5m%5D%29%20%2B%201%20%C3%BC")
        #expect(Format.percentEncoded("a-b.c_d~e") == "a-b.c_d~e")
        #expect(Format.percentEncoded("a-b", keeping: "") == "a%2Db")
    }

    @Test func leftAlignedPadsButNeverCuts() {
        #expect(Format.leftAligned("ab", 4) == "ab  ")
        #expect(Format.leftAligned("abcdef", 4) == "abcdef")
    }

    @Test func trimmedRemovesSpacesTabsAndLineBreaksAtBothEnds() {
        #expect(" \t 30 6 * * *\r\n".trimmed == "30 6 * * *")
        #expect("   ".trimmed == "")
        #expect("a b".trimmed == "a b")
    }

    @Test(arguments: [("Jobs", "a.json", "Jobs/a.json"), ("Jobs/", "a.json", "Jobs/a.json"),
                      ("Jobs", "/etc/roster.csv", "/etc/roster.csv"),
                      ("", "a", "a")])
    func joinPutsOneSlashBetween(directory: String, name: String, expected: String) {
        #expect(PathText.join(directory, name) == expected)
    }

    @Test func componentsSplitAtTheLastSlash() {
        #expect(PathText.lastComponent("Templates/report.html.mustache") == "report.html.mustache")
        #expect(PathText.lastComponent("report.md.mustache") == "report.md.mustache")
        #expect(PathText.parent("Templates/report.html.mustache") == "Templates")
        #expect(PathText.parent("report.md.mustache") == ".")
        #expect(PathText.parent("/report.md.mustache") == "/")
    }
}

@Suite("Error text")
struct ErrorTextTests {
    @Test func fileErrorsNameThePathAndTheSystemsReason() {
        do {
            try FileManager.default.createDirectory(atPath: "/proc/baseline-runner-test/outbox",
                                                    withIntermediateDirectories: true)
            Issue.record("created a directory under /proc")
        } catch {
            #expect(ErrorText.describe(error) == "/proc/baseline-runner-test: No such file or directory")
        }
    }
}
