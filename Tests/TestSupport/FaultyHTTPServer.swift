import Foundation

/// `scripts/http-fault.py` on loopback: an HTTP server that answers with the wrong shape, too much, or
/// nothing at all, for the faults a real Prometheus cannot be made to produce.
public final class FaultyHTTPServer: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    public let url: String
    private let process: BackgroundProcess

    /// Starts the server in `mode` (`shape`, `huge`, `hang`).
    public init(mode: String) throws {
        let port = TemporaryPostgresServer.freePort()
        url = "http://127.0.0.1:\(port)"
        process = try BackgroundProcess("/usr/bin/env", ["python3", RunnerBinary.packageRoot + "/scripts/http-fault.py",
                                                         "--port", "\(port)", "--mode", mode],
                                        environment: [:], directory: RunnerBinary.packageRoot)
        for _ in 0..<100 where !process.log.contains("ready") { usleep(50_000) }
        guard process.log.contains("ready") else { throw ShellError(message: "http-fault did not start: "
            + "\(process.log)") }
    }

    deinit {
        process.send(SIGKILL)
        _ = process.wait(timeout: 5)
    }
}
