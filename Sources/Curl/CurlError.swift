import CCurl

/// A libcurl failure: the `CURLcode`, libcurl's text for it, and the detail from the error buffer.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// The libcurl result code (see `CURLcode`), usable in `catch` patterns via the static codes.
    public let code: Code
    /// libcurl's detailed message for this transfer, when it wrote one.
    public let detail: String
    /// What was being done ("GET http://prometheus:9090/api/v1/query").
    public let operation: String

    /// A libcurl result code.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The numeric `CURLcode`.
        public let rawValue: Int
        /// Wraps a code.
        public init(rawValue: Int) { self.rawValue = rawValue }
        init(_ code: CURLcode) { rawValue = Int(code.rawValue) }

        /// 6: the host name did not resolve.
        public static let couldNotResolveHost = Code(rawValue: 6)
        /// 7: nothing listens on the port, or the connection was refused.
        public static let couldNotConnect = Code(rawValue: 7)
        /// 8: the server's reply made no sense (SMTP: a 4xx after the content).
        public static let weirdServerReply = Code(rawValue: 8)
        /// 28: the connect or transfer timeout passed.
        public static let operationTimedOut = Code(rawValue: 28)
        /// 55: sending failed (SMTP: a refusal at RCPT or DATA).
        public static let sendError = Code(rawValue: 55)
        /// 56: receiving failed (a dropped connection).
        public static let receiveError = Code(rawValue: 56)
        /// 60: the peer's certificate is not trusted.
        public static let peerFailedVerification = Code(rawValue: 60)
        /// 64: TLS was required and the server does not offer it.
        public static let useSSLFailed = Code(rawValue: 64)
        /// 67: login refused.
        public static let loginDenied = Code(rawValue: 67)
    }

    /// Creates an error from a libcurl result.
    public init(code: CURLcode, detail: String, operation: String) {
        self.code = Code(code)
        self.detail = detail
        self.operation = operation
    }

    /// libcurl's one-line text for the code.
    public var summary: String { String(cString: curl_easy_strerror(CURLcode(UInt32(code.rawValue)))) }

    /// "GET http://...: Couldn't connect to server (curl 7: Failed to connect to 127.0.0.1 port 1)".
    public var description: String {
        let extra = detail.isEmpty || detail == summary ? "" : ": \(detail)"
        return "\(operation): \(summary) (curl \(code.rawValue)\(extra))"
    }
}
