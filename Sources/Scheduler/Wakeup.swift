import Dispatch
import Threading
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Sleeps until a wall-clock deadline or until signalled, whichever comes first.
///
/// The timer is a Dispatch wall-clock timer: if the system clock is stepped, the wake-up follows the
/// wall clock (fire times are wall-clock times), and the scheduler loop re-plans on waking.
public final class Wakeup: @unchecked Sendable {
    private let lock = Lock()
    private let queue = DispatchQueue(label: "baseline-runner.wakeup")
    private var continuation: CheckedContinuation<Void, Never>?
    private var timer: (any DispatchSourceTimer)?
    private var pendingSignal = false

    /// Creates an idle wake-up.
    public init() {}

    /// Returns at `deadline` (wall clock), or earlier when `signal()` is called.
    public func wait(until deadline: Date) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if pendingSignal || deadline <= Date() {
                pendingSignal = false
                lock.unlock()
                continuation.resume()
                return
            }
            self.continuation = continuation
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let seconds = deadline.timeIntervalSince1970
            let whole = floor(seconds)
            timer.schedule(wallDeadline: DispatchWallTime(timespec: timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))),
                           leeway: .milliseconds(1))
            timer.setEventHandler { [weak self] in self?.fire() }
            self.timer = timer
            timer.resume()
            lock.unlock()
        }
    }

    /// Ends the current wait now, or makes the next wait return at once.
    public func signal() {
        lock.lock()
        if continuation == nil { pendingSignal = true }
        lock.unlock()
        fire()
    }

    private func fire() {
        lock.lock()
        let waiting = continuation
        continuation = nil
        timer?.cancel()
        timer = nil
        lock.unlock()
        waiting?.resume()
    }
}
