import Foundation

/// Runs programs from tests and captures what they print.
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose exit detection was
/// seen to hang on Linux when tests spawn processes in parallel. Output goes to temporary files, so a
/// child that leaves a daemon holding its output open (pg_ctl) cannot block the caller.
public enum Shell {
    /// What a finished process left.
    public struct Output: Sendable {
        /// Exit status, or 128 + signal number when a signal ended it.
        public let status: Int32
        /// Standard output.
        public let stdout: String
        /// Standard error.
        public let stderr: String
    }

    /// Runs a program and waits; `environment` replaces the inherited one when given.
    @discardableResult
    public static func capture(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                               directory: String? = nil) throws -> Output {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString)").path
        let outPath = base + ".out", errPath = base + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // posix_spawn_file_actions_addchdir_np is not visible from Swift here; GNU env changes directory.
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] + arguments } ?? [executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw ShellError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = FileManager.default.contents(atPath: outPath) ?? Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return Output(status: exitStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs a program and throws when it exits non-zero.
    public static func run(_ executable: String, _ arguments: [String]) throws {
        let output = try capture(executable, arguments)
        guard output.status == 0 else {
            throw ShellError(message: "\(executable) \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
        }
    }
}

/// A failed command.
public struct ShellError: Error, CustomStringConvertible {
    /// What failed and what it printed.
    public let message: String
    /// Creates an error.
    public init(message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
