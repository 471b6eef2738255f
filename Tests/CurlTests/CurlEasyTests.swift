import CCurl
import Curl
import Foundation
import Testing

@Suite("libcurl easy handle")
struct CurlEasyTests {
    @Test func readsAFileURLIntoMemory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID()).txt").path
        let body = String(repeating: "baseline-runner ", count: 10_000)
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let easy = CurlEasy()
        try easy.set(CURLOPT_URL, "file://\(path)")
        let data = try easy.performCollecting("read \(path)")
        #expect(String(decoding: data, as: UTF8.self) == body)
    }

    @Test func refusedConnectionIsCouldNotConnectWithTheOperationNamed() throws {
        let easy = CurlEasy()
        try easy.set(CURLOPT_URL, "http://127.0.0.1:1/api/v1/query")
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, 2000)
        let error = #expect(throws: CurlError.self) { _ = try easy.performCollecting("GET prometheus") }
        #expect(error?.code == .couldNotConnect)
        #expect(error?.description.hasPrefix("GET prometheus: ") == true)
        #expect(error?.description.contains("curl 7") == true)
    }

    @Test func headerListKeepsItsLines() {
        let list = CurlHeaderList(["Accept: application/json", "X-Test: 1"])
        var lines: [String] = []
        var node = list.pointer
        while let current = node {
            lines.append(String(cString: current.pointee.data))
            node = current.pointee.next
        }
        #expect(lines == ["Accept: application/json", "X-Test: 1"])
    }
}
