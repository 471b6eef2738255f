import FoundationEssentials

/// Where the scheduler reads the time and how it waits: the wall clock in production, a manual clock in
/// tests (`SchedulerTesting.ManualClock`), so the scheduling rules are tested in milliseconds without
/// sleeping.
public protocol SchedulerClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Returns at `deadline`, or earlier when `alarm` is signalled (a run ended, a stop was requested).
    func sleep(until deadline: Date, alarm: Wakeup) async
    /// Waits `seconds`; throws `CancellationError` when the task is cancelled first.
    func sleep(seconds: Double) async throws
}

/// The system's wall clock: `Date()`, a Dispatch wall-clock timer, `Task.sleep`.
public struct WallClock: SchedulerClock {
    /// The wall clock.
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date, alarm: Wakeup) async { await alarm.wait(until: deadline) }

    public func sleep(seconds: Double) async throws { try await Task.sleep(for: .seconds(seconds)) }
}
