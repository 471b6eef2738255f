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
        pid = try Spawn.start(executable, arguments, environment: merged, directory: directory, stdout: logPath, stderr: nil)
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

/// Kills every background process and removes every directory still registered when the test process
/// exits: servers held by `static let` fixtures are never deinitialized, and must not outlive the tests.
public final class LeftoverReaper: @unchecked Sendable {
    /// The one registry of the test process.
    public static let shared = LeftoverReaper()
    private let lock = NSLock()
    private var pids = Set<pid_t>()
    private var directories = Set<String>()
    private var actions: [String: @Sendable () -> Void] = [:]

    private init() {
        atexit {
            LeftoverReaper.shared.reap()
        }
    }

    func track(_ pid: pid_t) { lock.withLock { _ = pids.insert(pid) } }
    func forget(_ pid: pid_t) { lock.withLock { _ = pids.remove(pid) } }

    /// Registers a directory to remove at exit (unless removed before).
    public func removeAtExit(_ directory: String) { lock.withLock { _ = directories.insert(directory) } }

    /// Runs `body` at exit unless `cancelExitAction(key)` is called first (servers that daemonize).
    public func atExit(_ key: String, _ body: @escaping @Sendable () -> Void) { lock.withLock { actions[key] = body } }
    /// Drops the exit action registered under `key`.
    public func cancelExitAction(_ key: String) { lock.withLock { _ = actions.removeValue(forKey: key) } }

    private func reap() {
        let (pids, directories, actions) = lock.withLock { (self.pids, self.directories, self.actions) }
        for action in actions.values { action() }
        for pid in pids { kill(pid, SIGKILL) }
        for pid in pids { var status: Int32 = 0; waitpid(pid, &status, 0) }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }
}
