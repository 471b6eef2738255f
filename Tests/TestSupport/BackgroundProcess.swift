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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let command = ["/usr/bin/env", "-C", directory, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, command[0], &actions, nil, argv, envp)
        guard result == 0 else { throw ShellError(message: "cannot start \(executable): \(result)") }
        pid = child
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
                status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
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
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
