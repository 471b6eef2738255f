import Threading
import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Scheduler
import Synchronization

/// A child process in its own process group, with its combined output's tail kept in memory.
///
/// `posix_spawnp` with `POSIX_SPAWN_SETPGROUP` puts the child and everything it starts into one group,
/// so a timeout or shutdown kills the whole tree (`kill(-pgid)`), and nothing is left behind after a
/// normal exit either. Waiting and reading happen on dedicated threads, never on the cooperative pool.
final class ChildProcess: Sendable {
    struct Termination: Sendable {
        /// Exit status, or nil when a signal ended the process.
        let exitStatus: Int32?
        /// The signal, when one ended it.
        let signal: Int32?
        /// The last `tailLimit` bytes of stdout and stderr, interleaved as written.
        let output: String
    }

    static let tailLimit = 4096
    let pid: pid_t
    private let outputDescriptor: Int32
    /// What the reading thread, the reaping thread and the waiters share.
    private struct State {
        var tail: [UInt8] = []
        var termination: Termination?
        var waiters: [CheckedContinuation<Termination, Never>] = []
        var rawStatus: Int32?
    }
    private let state = Mutex(State())
    /// Signalled once `waitpid` has returned.
    private let reaped = DispatchSemaphore(value: 0)

    /// Starts `argv` (searched in PATH) with `environment`.
    init(argv: [String], environment: [String: String]) throws {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw Self.spawnFailure(argv[0], errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group, default dispositions for the signals the runner ignores, nothing blocked.
        posix_spawnattr_setflags(&attributes,
                                 Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawnp(&child, argv[0], &actions, &attributes, cArguments, cEnvironment)
        close(pipeFDs[1])
        guard result == 0 else {
            close(pipeFDs[0])
            throw Self.spawnFailure(argv[0], result)
        }
        pid = child
        outputDescriptor = pipeFDs[0]
        DetachedThread.start { [self] in self.readAndWait() }
    }

    /// Waits for the process to end (and its output to be drained).
    func wait() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended: Termination? = state.withLock { state in
                if state.termination == nil { state.waiters.append(continuation) }
                return state.termination
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Asks the whole group to stop (SIGTERM), then kills it (SIGKILL) after `grace` seconds.
    func terminateGroup(grace: TimeInterval = 5) {
        kill(-pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [self] in
            if !self.hasEnded { kill(-self.pid, SIGKILL) }
        }
    }

    private var hasEnded: Bool { state.withLock { $0.termination != nil } }

    /// Runs on its own thread: waits for the child, kills leftovers of its group, drains the pipe.
    private func readAndWait() {
        DetachedThread.start { [self] in
            var status: Int32 = 0
            while waitpid(self.pid, &status, 0) == -1 && errno == EINTR {}
            // Children the job left running would hold the pipe open forever: they end with the job.
            kill(-self.pid, SIGKILL)
            self.state.withLock { $0.rawStatus = status }
            self.reaped.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(outputDescriptor, &buffer, buffer.count)
            if count > 0 {
                state.withLock { state in
                    state.tail.append(contentsOf: buffer[0..<count])
                    if state.tail.count > Self.tailLimit * 2 {
                        state.tail.removeFirst(state.tail.count - Self.tailLimit)
                    }
                }
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(outputDescriptor)
        reaped.wait()
        let (ended, pending) = state.withLock { state in
            let raw = state.rawStatus ?? 0
            let signaled = raw & 0x7F != 0
            let text = String(decoding: state.tail.suffix(Self.tailLimit), as: UTF8.self)
                .replacing("\u{0}", with: "\u{FFFD}")
            let ended = Termination(exitStatus: signaled ? nil : (raw >> 8) & 0xFF, signal: signaled ? raw & 0x7F : nil,
                                    output: text)
            state.termination = ended
            defer { state.waiters = [] }
            return (ended, state.waiters)
        }
        pending.forEach { $0.resume(returning: ended) }
    }

    private static func spawnFailure(_ program: String, _ code: Int32) -> JobFailure {
        JobFailure("cannot start \(program): \(String(cString: strerror(code)))")
    }
}

