import CCurl
import Curl
import Formatting
import FoundationEssentials

/// SMTP over libcurl: `smtp://` with STARTTLS required (unless disabled for a loopback sink) or
/// `smtps://`, certificates always verified, AUTH when a user is set. One handle per transport, so
/// consecutive messages reuse the connection.
public final class SMTPTransport: MailTransport {
    /// Connection settings.
    public struct Settings: Sendable {
        public var url: String
        public var requireStartTLS: Bool
        public var username: String?
        public var password: String?
        public var caFile: String?
        public var connectTimeout: Int = 15
        public var timeout: Int = 120
        public init(url: String, requireStartTLS: Bool, username: String?, password: String?, caFile: String?) {
            self.url = url
            self.requireStartTLS = requireStartTLS
            self.username = username
            self.password = password
            self.caFile = caFile
        }
    }

    private let settings: Settings
    private let easy = CurlEasy()

    /// Creates a transport; nothing connects until the first send.
    public init(settings: Settings) { self.settings = settings }

    public func send(sender: String, recipient: String, content: Data) -> TransportOutcome {
        let upload = UploadState(content)
        let box = Unmanaged.passRetained(upload)
        defer { box.release() }
        let operation = "SMTP to \(recipient)"
        do {
            easy.reset()
            try easy.set(CURLOPT_URL, settings.url)
            try easy.set(CURLOPT_MAIL_FROM, "<\(sender)>")
            try easy.set(CURLOPT_MAIL_RCPT, CurlHeaderList(["<\(recipient)>"]))
            try easy.set(CURLOPT_UPLOAD, 1)
            try easy.set(CURLOPT_INFILESIZE_LARGE, content.count)
            try easy.set(CURLOPT_CONNECTTIMEOUT, settings.connectTimeout)
            try easy.set(CURLOPT_TIMEOUT, settings.timeout)
            if settings.url.hasPrefix("smtp://") && settings.requireStartTLS {
                try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            }
            if let caFile = settings.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
            if let username = settings.username { try easy.set(CURLOPT_USERNAME, username) }
            if let password = settings.password { try easy.set(CURLOPT_PASSWORD, password) }
            try easy.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, userdata in
                guard let buffer, let userdata else { return 0 }
                return Unmanaged<UploadState>.fromOpaque(userdata).takeUnretainedValue().read(into: buffer,
                        capacity: size * count)
            })
            try easy.set(CURLOPT_READDATA, pointer: box.toOpaque())
            // libcurl hands SMTP server replies to the header callback: keep the last one, as the server wrote it.
            try easy.set(CURLOPT_HEADERFUNCTION, callback: { buffer, size, count, userdata in
                guard let buffer, let userdata else { return 0 }
                let bytes = UnsafeRawBufferPointer(start: buffer, count: size * count)
                Unmanaged<UploadState>.fromOpaque(userdata).takeUnretainedValue().lastReply = String(decoding: bytes,
                    as: UTF8.self)
                return size * count
            })
            try easy.set(CURLOPT_HEADERDATA, pointer: box.toOpaque())
            try easy.perform(operation)
            let reply = upload.lastReply.trimmed
            return .sent(reply: reply.isEmpty ? "\(easy.responseCode)" : String(reply.prefix(200)))
        } catch {
            return Self.classify(error, code: easy.responseCode, contentSent: upload.finished)
        }
    }

    /// Maps libcurl's result and the last SMTP reply code to a ledger outcome (see PLATFORM-NOTES).
    static func classify(_ error: CurlError, code: Int, contentSent: Bool) -> TransportOutcome {
        let detail = code > 0 ? "\(error) (last reply \(code))" : "\(error)"
        switch error.code {
        case .peerFailedVerification: return .permanent("TLS certificate not trusted: \(detail)")
        case .useSSLFailed: return .permanent("the server does not offer STARTTLS, which is required "
            + "(SMTP_STARTTLS=off only for a loopback sink): \(detail)")
        case .loginDenied: return .permanent("login refused: \(detail)")
        default: break
        }
        if (400..<500).contains(code) { return .transient(detail) }
        if (500..<600).contains(code) { return .permanent(detail) }
        if contentSent { return .unknown("connection lost after the whole message was sent, before the server "
            + "replied: \(detail)") }
        return .transient(detail)
    }
}

/// The message being uploaded, handed to libcurl's read callback, which records how much it took.
final class UploadState {
    private let content: Data
    private var offset = 0
    /// The last reply line the server sent (`250 2.0.0 Ok: queued as 4F2A1`).
    var lastReply = ""
    /// Every byte was handed to libcurl (it stops asking once it has the announced size).
    var finished: Bool { offset == content.count }

    init(_ content: Data) { self.content = content }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, content.count - offset)
        if count == 0 { return 0 }
        content.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
