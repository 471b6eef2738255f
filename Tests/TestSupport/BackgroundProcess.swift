import Foundation

/// A process started in the background (a `serve` replica), with its output in a file.
public final class BackgroundProcess: @unchecked Sendable {
    /// Its process id.
    public let pid: pid_t
    /// Where its standard output and error go.
    public let logPath: String
    private var status: Int32?

    /// Starts `executable` with `arguments`; `environment` entries override inherited ones.
    public init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("bg-\(UUID().uuidString).log").path
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        pid = try Spawn.start(executable, arguments, environment: merged, directory: directory, stdout: logPath,
                              stderr: nil)
        LeftoverReaper.shared.track(pid)
    }

    /// Sends a signal.
    public func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits up to `timeout` seconds for the process to exit; returns its exit status (128 + signal when
    /// killed), or nil on timeout.
    public func wait(timeout: TimeInterval) -> Int32? {
        if let status { return status }
        let deadline = Date().addingTimeInterval(timeout)
        var raw: Int32 = 0
        while Date() < deadline {
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                status = Spawn.exitStatus(raw)
                return status
            }
            usleep(20_000)
        }
        return nil
    }

    /// What it printed so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
        LeftoverReaper.shared.forget(pid)
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
