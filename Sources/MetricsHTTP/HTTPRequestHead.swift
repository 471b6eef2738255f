/// The endpoint's parsing without its sockets: where a request head ends, what it asks for, and a
/// response's bytes. Pure, so it is fuzzed (`scripts/fuzz http-head`) and tested on its own.
public enum HTTPRequestHead {
    /// What a request head asks for.
    public enum Request: Sendable, Equatable {
        /// A GET of `path`, its query string removed.
        case get(path: String)
        /// Refused with `status` (400, 405, 431), a one-line `body` and any extra header lines.
        case refused(status: Int, body: String, extraHeaders: String)
    }

    /// The index just past the head's `\r\n\r\n`, or nil while it has not arrived.
    public static func end(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10
            && bytes[index - 3] == 13 {
            return index + 1
        }
        return nil
    }

    /// Reads a whole head (up to and including its blank line): only the request line matters here.
    public static func read(_ head: [UInt8], maxBytes: Int) -> Request {
        guard head.count <= maxBytes else {
            return .refused(status: 431, body: "request head over \(maxBytes) bytes\n", extraHeaders: "")
        }
        let line = head.split(separator: 13, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        let parts = line.split(separator: 32)
        guard parts.count == 3, parts[2].starts(with: Array("HTTP/1.".utf8)) else {
            return .refused(status: 400, body: "not an HTTP/1.x request line\n", extraHeaders: "")
        }
        guard Array(parts[0]) == Array("GET".utf8) else {
            return .refused(status: 405, body: "only GET\n", extraHeaders: "Allow: GET\r\n")
        }
        let target = String(decoding: parts[1], as: UTF8.self)
        return .get(path: String(target.split(separator: "?", maxSplits: 1,
                                              omittingEmptySubsequences: false).first ?? ""))
    }

    /// The response's bytes: status line, `Content-Type`, `Content-Length`, `Connection: close`, body.
    public static func render(_ response: HTTPEndpoint.Response, extraHeaders: String = "") -> [UInt8] {
        let reasons = [200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
                       408: "Request Timeout", 431: "Request Header Fields Too Large", 503: "Service Unavailable"]
        let body = Array(response.body.utf8)
        let head = "HTTP/1.1 \(response.status) \(reasons[response.status] ?? "Status")\r\n"
            + "Content-Type: \(response.contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
            + extraHeaders + "\r\n"
        return Array(head.utf8) + body
    }
}
