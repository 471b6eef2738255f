import Foundation

/// Starts a child with `posix_spawn` (Foundation's `Process` was seen to hang on Linux when tests spawn
/// in parallel): stdin from /dev/null, stdout to a file, stderr to another file or the same one.
enum Spawn {
    /// Starts `executable` (a path, or a name found through `env`) in `directory` with exactly `environment`.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String], directory: String?,
                      stdout: String, stderr: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // posix_spawn_file_actions_addchdir_np is not visible from Swift here; GNU env changes directory.
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] + arguments } ?? [executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard result == 0 else { throw ShellError(message: "cannot start \(executable): "
            + "\(String(cString: strerror(result)))") }
        return pid
    }

    /// The exit status of a `waitpid` status word: the code, or 128 + signal number.
    static func exitStatus(_ raw: Int32) -> Int32 { raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F) }
}
