import Foundation

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
