import Dispatch
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Sleeps until a wall-clock deadline or until signalled, whichever comes first.
///
/// The timer is a Dispatch wall-clock timer: if the system clock is stepped, the wake-up follows the
/// wall clock (fire times are wall-clock times), and the scheduler loop re-plans on waking.
public final class Wakeup: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, Never>?
        var timer: (any DispatchSourceTimer)?
        var pendingSignal = false
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "baseline-runner.wakeup")

    /// Creates an idle wake-up.
    public init() {}

    /// Returns at `deadline` (wall clock), or earlier when `signal()` is called.
    public func wait(until deadline: Date) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.pendingSignal || deadline <= Date() {
                    state.pendingSignal = false
                    return true
                }
                state.continuation = continuation
                let timer = DispatchSource.makeTimerSource(queue: queue)
                let seconds = deadline.timeIntervalSince1970
                let whole = floor(seconds)
                let wall = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
                timer.schedule(wallDeadline: DispatchWallTime(timespec: wall), leeway: .milliseconds(1))
                timer.setEventHandler { [weak self] in self?.fire() }
                state.timer = timer
                timer.resume()
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Ends the current wait now, or makes the next wait return at once.
    public func signal() {
        state.withLock { state in
            if state.continuation == nil { state.pendingSignal = true }
        }
        fire()
    }

    private func fire() {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            let waiting = state.continuation
            state.continuation = nil
            state.timer?.cancel()
            state.timer = nil
            return waiting
        }
        waiting?.resume()
    }
}
