import Foundation

/// A real SMTP server on loopback (`scripts/smtp-sink.py`, aiosmtpd) saving messages as `.eml` files,
/// with faults chosen by the recipient's local part.
public final class SMTPSink: @unchecked Sendable {
    /// Its port.
    public let port: Int
    /// Where received messages are saved.
    public let directory: String
    private let process: BackgroundProcess

    /// Starts the sink; with `tls`, it offers and requires STARTTLS using a throwaway certificate.
    public init(tls: TestCertificate? = nil) throws {
        port = TemporaryPostgresServer.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString)").path
        var arguments = [RunnerBinary.packageRoot + "/scripts/smtp-sink.py", "--port", "\(port)", "--dir", directory]
        if let tls { arguments += ["--tls-cert", tls.certificatePath, "--tls-key", tls.keyPath] }
        process = try BackgroundProcess("/usr/bin/env", ["python3"] + arguments, environment: [:],
                                        directory: RunnerBinary.packageRoot)
        for _ in 0..<100 where !process.log.contains("ready") { usleep(50_000) }
        guard process.log.contains("ready") else { throw ShellError(message: "smtp sink did not start: "
            + "\(process.log)") }
    }

    /// `smtp://127.0.0.1:PORT`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The saved messages, oldest first.
    public var messages: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory))
            ?? []).filter { $0.hasSuffix(".eml") }.sorted()
            .map { directory + "/" + $0 }
    }

    deinit {
        process.send(SIGKILL)
        _ = process.wait(timeout: 5)
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A self-signed certificate for 127.0.0.1, made with openssl for one test.
public struct TestCertificate: Sendable {
    public let certificatePath: String
    public let keyPath: String

    /// Generates the key pair.
    public init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cert-\(UUID().uuidString)").path
        certificatePath = base + ".pem"
        keyPath = base + ".key"
        try Shell.run("/usr/bin/openssl",
                      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certificatePath,
                                           "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                                           "subjectAltName=IP:127.0.0.1"])
    }
}

/// What Python's email package sees in `.eml` files (`scripts/mail-inspect.py`), as JSON text.
public func inspectMail(_ paths: [String]) throws -> String {
    let output = try Shell.capture("/usr/bin/env",
                                   ["python3", RunnerBinary.packageRoot + "/scripts/mail-inspect.py"] + paths)
    guard output.status == 0 else { throw ShellError(message: output.stderr) }
    return output.stdout
}
