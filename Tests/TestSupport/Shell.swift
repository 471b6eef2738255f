import Foundation

/// Runs programs from tests and captures what they print.
///
/// Output goes to temporary files, so a child that leaves a daemon holding its output open (pg_ctl)
/// cannot block the caller.
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
        let pid = try Spawn.start(executable, arguments,
                                  environment: environment ?? ProcessInfo.processInfo.environment,
                                  directory: directory, stdout: outPath, stderr: errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = Spawn.exitStatus(status)
        let out = FileManager.default.contents(atPath: outPath) ?? Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return Output(status: exitStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs a program and throws when it exits non-zero.
    public static func run(_ executable: String, _ arguments: [String]) throws {
        let output = try capture(executable, arguments)
        guard output.status == 0 else {
            throw ShellError(message: "\(executable) \(arguments.joined(separator: " ")) exited \(output.status): "
                + "\(output.stderr)\(output.stdout)")
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
