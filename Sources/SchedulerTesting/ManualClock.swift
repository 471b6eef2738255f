import FoundationEssentials
import Scheduler
import Synchronization

/// A clock that moves only when a test says so (`advance(by:)`), for the scheduler's in-process tests:
/// every sleep waits for the test, so no test sleeps and each decision happens at a known time.
public final class ManualClock: SchedulerClock {
    private struct State {
        var now: Date
        var nextID = 0
        /// The scheduler loop's sleeps: signalling the alarm ends them.
        var alarms: [Int: (deadline: Date, alarm: Wakeup)] = [:]
        /// Timed waits of tasks (timeouts, pauses between tries).
        var tasks: [Int: (deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = [:]
        var cancelled: Set<Int> = []
    }

    private let state: Mutex<State>
    /// Counts every sleep and wake, so `settle` can tell when everything waits.
    public let activity: Activity

    /// A clock standing at `now`; pass the same `activity` to an `InMemorySchedulerStore`.
    public init(now: Date, activity: Activity = Activity()) {
        state = Mutex(State(now: now))
        self.activity = activity
    }

    public var now: Date { state.withLock { $0.now } }

    public func sleep(until deadline: Date, alarm: Wakeup) async {
        activity.bump()
        let id: Int? = state.withLock { state in
            guard deadline > state.now else { return nil }
            state.nextID += 1
            state.alarms[state.nextID] = (deadline, alarm)
            return state.nextID
        }
        guard let id else { return await alarm.wait(until: .distantPast) }  // due already: only a pending signal
        await alarm.wait(until: .distantFuture)  // ended by `advance` signalling the alarm, or by a run ending
        _ = state.withLock { $0.alarms.removeValue(forKey: id) }
        activity.bump()
    }

    public func sleep(seconds: Double) async throws {
        activity.bump()
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let early: (any Error)?? = state.withLock { state in
                    if state.cancelled.contains(id) { return .some(CancellationError()) }
                    let deadline = state.now.addingTimeInterval(seconds)
                    guard deadline > state.now else { return .some(nil) }
                    state.tasks[id] = (deadline, continuation)
                    return nil
                }
                switch early {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let waiting = state.withLock { state in
                state.cancelled.insert(id)
                return state.tasks.removeValue(forKey: id)
            }
            waiting?.continuation.resume(throwing: CancellationError())
        }
        activity.bump()
    }

    /// Moves the clock forward and wakes every sleep whose deadline has come, earliest first.
    public func advance(by seconds: Double) {
        activity.bump()
        let (alarms, tasks) = state.withLock { state in
            state.now = state.now.addingTimeInterval(seconds)
            let now = state.now
            let alarms = state.alarms.filter { $0.value.deadline <= now }
            let tasks = state.tasks.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
            for id in alarms.keys { state.alarms.removeValue(forKey: id) }
            for (id, _) in tasks { state.tasks.removeValue(forKey: id) }
            return (alarms.values.map(\.alarm), tasks.map(\.value.continuation))
        }
        tasks.forEach { $0.resume() }
        alarms.forEach { $0.signal() }
    }

    /// Moves the clock forward in steps of `step` seconds, letting everything settle after each.
    public func advance(by seconds: Double, step: Double) async {
        var moved = 0.0
        while moved < seconds {
            let next = min(step, seconds - moved)
            advance(by: next)
            moved += next
            await settle()
        }
    }

    /// Yields until nothing happens any more: every task waits on this clock or on the test.
    public func settle() async { await activity.settle() }
}

/// A counter of things happening, shared by the manual clock and the in-memory store.
public final class Activity: Sendable {
    private let count = Atomic<Int>(0)

    /// A fresh counter.
    public init() {}

    /// Records that something happened.
    public func bump() { count.add(1, ordering: .relaxed) }

    /// Yields until nothing has happened for 2,000 yields in a row (at most a million yields).
    public func settle() async {
        var quiet = 0
        var last = count.load(ordering: .relaxed)
        var rounds = 0
        while quiet < 2_000 && rounds < 1_000_000 {
            await Task.yield()
            rounds += 1
            let current = count.load(ordering: .relaxed)
            quiet = current == last ? quiet + 1 : 0
            last = current
        }
    }
}
