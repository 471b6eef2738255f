import FoundationEssentials
import Scheduler
import Store
import Synchronization

/// The scheduler's records in memory, with the semantics of `RunStore`'s statements (unique firings,
/// overlap judged across replicas, leases, retries) against a `ManualClock`: share one store between
/// several schedulers to test replicas without a database.
public final class InMemorySchedulerStore: SchedulerStore {
    private struct Row {
        var record: RunRecord
        var heartbeatAt: Date?
    }

    private struct State {
        var rows: [Row] = []
        var runners: [String: (alive: Bool, heartbeat: Date)] = [:]
    }

    private let state = Mutex(State())
    private let clock: ManualClock

    /// An empty store on `clock` (whose `activity` it bumps on every call).
    public init(clock: ManualClock) { self.clock = clock }

    /// Every run and skipped firing, oldest first.
    public var runs: [RunRecord] { state.withLock { $0.rows.map(\.record) } }

    /// The runners registered, and whether each is alive.
    public var runners: [String: Bool] { state.withLock { $0.runners.mapValues(\.alive) } }

    /// Makes a run's last heartbeat `seconds` older, as if its runner had died then (a killed replica).
    public func ageHeartbeat(of runID: Int64, by seconds: Double) {
        state.withLock { state in
            guard let index = state.rows.firstIndex(where: { $0.record.id == runID }) else { return }
            state.rows[index].heartbeatAt = state.rows[index].heartbeatAt?.addingTimeInterval(-seconds)
        }
    }

    /// Adds a running run as another replica would have (for lease tests).
    @discardableResult
    public func insertRunning(job: String, scheduledFor: Date, runner: String) -> Int64 {
        state.withLock { state in
            Self.insert(&state, job: job, scheduledFor: scheduledFor, trigger: .schedule, status: .running, attempt: 1,
                        runner: runner, now: clock.now, error: nil)
        }
    }

    private static func insert(_ state: inout State, job: String, scheduledFor: Date, trigger: RunTrigger,
                               status: RunStatus, attempt: Int, runner: String, now: Date, error: String?) -> Int64 {
        let id = Int64(state.rows.count + 1)
        let finished = status == .running ? nil : now
        state.rows.append(Row(record: RunRecord(id: id, job: job, scheduledFor: scheduledFor, trigger: trigger,
                                                status: status, attempt: attempt, runner: runner, startedAt: now,
                                                finishedAt: finished, error: error, output: nil, retryAt: nil),
                              heartbeatAt: status == .running ? now : nil))
        return id
    }

    /// The claim index: one non-manual row per (job, firing, attempt).
    private static func exists(_ state: State, job: String, scheduledFor: Date, attempt: Int) -> Bool {
        state.rows.contains {
            $0.record.job == job && $0.record.scheduledFor == scheduledFor && $0.record.attempt == attempt
                && $0.record.trigger != .manual
        }
    }

    private static func with(_ record: RunRecord, status: RunStatus? = nil, finishedAt: Date?? = nil,
                             error: String?? = nil, output: String?? = nil, retryAt: Date?? = nil) -> RunRecord {
        RunRecord(id: record.id, job: record.job, scheduledFor: record.scheduledFor, trigger: record.trigger,
                  status: status ?? record.status, attempt: record.attempt, runner: record.runner,
                  startedAt: record.startedAt, finishedAt: finishedAt ?? record.finishedAt,
                  error: error ?? record.error, output: output ?? record.output, retryAt: retryAt ?? record.retryAt)
    }

    // MARK: - SchedulerStore

    public func claim(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                      overlap: RunStore.Overlap) async throws -> RunStore.ClaimOutcome {
        clock.activity.bump()
        let now = clock.now
        return state.withLock { state in
            let running = state.rows.filter { $0.record.job == job && $0.record.status == .running }.map(\.record)
            let blocking = running.filter { $0.trigger != .catchup }.map(\.id).min()
            let manual = state.rows.filter {
                $0.record.job == job && $0.record.scheduledFor == scheduledFor && $0.record.trigger == .manual
                    && [.running, .succeeded].contains($0.record.status)
            }.map(\.record.id).min()
            var reason: String?
            if let manual {
                reason = "already run manually (run \(manual))"
            } else if overlap == .skip, let blocking {
                reason = "overlap: run \(blocking) of this job is still running"
            }
            let holdsBack = (overlap == .queue || overlap == .skip) && reason == nil && !running.isEmpty
            if !holdsBack && !Self.exists(state, job: job, scheduledFor: scheduledFor, attempt: 1) {
                let id = Self.insert(&state, job: job, scheduledFor: scheduledFor, trigger: trigger,
                                     status: reason == nil ? .running : .skipped, attempt: 1, runner: runner, now: now,
                                     error: reason)
                return reason.map { .skipped(id, $0) } ?? .claimed(id)
            }
            return Self.exists(state, job: job, scheduledFor: scheduledFor, attempt: 1) ? .lost : .waiting
        }
    }

    @discardableResult
    public func recordSkipped(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                              reason: String) async throws -> Bool {
        clock.activity.bump()
        let now = clock.now
        return state.withLock { state in
            guard !Self.exists(state, job: job, scheduledFor: scheduledFor, attempt: 1) else { return false }
            _ = Self.insert(&state, job: job, scheduledFor: scheduledFor, trigger: trigger, status: .skipped,
                            attempt: 1, runner: runner, now: now, error: reason)
            return true
        }
    }

    @discardableResult
    public func finish(id: Int64, status: RunStatus, error: String?, output: String?,
                       retryAfter: Int?) async throws -> Bool {
        clock.activity.bump()
        let now = clock.now
        return state.withLock { state in
            guard let index = state.rows.firstIndex(where: { $0.record.id == id && $0.record.status == .running })
            else { return false }
            let retryAt = retryAfter.map { now.addingTimeInterval(Double($0)) }
            state.rows[index].record = Self.with(state.rows[index].record, status: status, finishedAt: now,
                                                 error: error, output: output, retryAt: retryAt)
            return true
        }
    }

    public func heartbeat(runIDs: [Int64]) async throws {
        clock.activity.bump()
        let now = clock.now
        state.withLock { state in
            for index in state.rows.indices where runIDs.contains(state.rows[index].record.id)
                && state.rows[index].record.status == .running {
                state.rows[index].heartbeatAt = now
            }
        }
    }

    public func abandonExpired(lease: Int, policies: [RunStore.RetryPolicy],
                               maximumRetryDelay: Int) async throws -> [RunRecord] {
        clock.activity.bump()
        let now = clock.now
        return state.withLock { state in
            var abandoned: [RunRecord] = []
            for index in state.rows.indices {
                let row = state.rows[index]
                guard row.record.status == .running, let beat = row.heartbeatAt,
                      beat < now.addingTimeInterval(-Double(lease)) else { continue }
                let policy = policies.first { $0.job == row.record.job }
                let retryAt = policy.flatMap { policy -> Date? in
                    guard row.record.attempt <= policy.retries else { return nil }
                    let delay = Double(min(policy.backoff * (1 << min(row.record.attempt - 1, 20)), maximumRetryDelay))
                    return now.addingTimeInterval(delay)
                }
                let record = Self.with(row.record, status: .abandoned, finishedAt: now,
                                       error: "lease expired: runner \(row.record.runner) stopped heartbeating "
                                           + "at \(beat)",
                                       retryAt: .some(retryAt))
                state.rows[index].record = record
                abandoned.append(record)
            }
            return abandoned
        }
    }

    public func claimRetry(of runID: Int64, runner: String) async throws -> RunRecord? {
        clock.activity.bump()
        let now = clock.now
        return state.withLock { state in
            guard let index = state.rows.firstIndex(where: { $0.record.id == runID }),
                  let retryAt = state.rows[index].record.retryAt, retryAt <= now else { return nil }
            let original = state.rows[index].record
            state.rows[index].record = Self.with(original, retryAt: .some(nil))
            guard !Self.exists(state, job: original.job, scheduledFor: original.scheduledFor,
                               attempt: original.attempt + 1) else { return nil }
            let id = Self.insert(&state, job: original.job, scheduledFor: original.scheduledFor, trigger: .retry,
                                 status: .running, attempt: original.attempt + 1, runner: runner, now: now, error: nil)
            return state.rows[Int(id) - 1].record
        }
    }

    public func pendingRetries() async throws -> (due: [RunRecord], secondsUntilNext: Double?) {
        clock.activity.bump()
        let now = clock.now
        return state.withLock { state in
            let waiting = state.rows.map(\.record).filter { $0.retryAt != nil }.sorted { $0.retryAt! < $1.retryAt! }
            let due = Array(waiting.filter { $0.retryAt! <= now }.prefix(100))
            // As RunStore: beyond 100 due, the 101st says "again now" (0 s).
            let next = waiting.count > due.count ? max(0, waiting[due.count].retryAt!.timeIntervalSince(now)) : nil
            return (due, next)
        }
    }

    public func lastScheduledFirings() async throws -> [String: Date] {
        clock.activity.bump()
        return state.withLock { state in
            var last: [String: Date] = [:]
            for row in state.rows where row.record.trigger == .schedule || row.record.trigger == .catchup {
                last[row.record.job] = max(last[row.record.job] ?? .distantPast, row.record.scheduledFor)
            }
            return last
        }
    }

    public func registerRunner(id: String, host: String, pid: Int32) async throws {
        clock.activity.bump()
        let now = clock.now
        state.withLock { $0.runners[id] = (true, now) }
    }

    public func runnerHeartbeat(id: String) async throws {
        clock.activity.bump()
        let now = clock.now
        state.withLock { $0.runners[id] = (true, now) }
    }

    public func runnerStopped(id: String) async throws {
        clock.activity.bump()
        let now = clock.now
        state.withLock { $0.runners[id] = (false, now) }
    }
}
