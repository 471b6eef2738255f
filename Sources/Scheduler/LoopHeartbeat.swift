import FoundationEssentials
import Synchronization

/// When the scheduler loop last finished a whole tick: what `/healthz` reads (PRODUCT.md section 11).
public final class LoopHeartbeat: Sendable {
    private let last = Atomic<Int64>(0)

    /// A heartbeat that has never beaten.
    public init() {}

    /// Records a finished tick at `now`.
    public func beat(at now: Date = Date()) { last.store(Int64(now.timeIntervalSince1970 * 1000),
        ordering: .releasing) }

    /// Seconds since the last tick, or nil before the first.
    public func age(at now: Date = Date()) -> Double? {
        let value = last.load(ordering: .acquiring)
        return value == 0 ? nil : now.timeIntervalSince1970 - Double(value) / 1000
    }
}
