import Config
import FoundationEssentials
import Store

/// Decides what happens to the firings of a job that came due: pure, so every catch-up and deadline
/// rule is tested without a clock or a database.
///
/// Rules (PRODUCT.md section 6): a firing older than `startingDeadline` when the runner decides is
/// missed and recorded `skipped`. The newest due firing, when at most `onTimeTolerance` old, runs on
/// schedule. Older firings within the deadline were missed while no runner was watching (runner or
/// database down) and follow `catchup`: `none` skips them, `latest` runs only the newest of them,
/// `all` runs every one, oldest first.
public struct FiringPlanner: Sendable {
    /// What to do with one firing.
    public enum Decision: Sendable, Equatable {
        case run(Date, RunTrigger)
        case skip(Date, RunTrigger, String)

        /// The firing's scheduled time.
        public var scheduledFor: Date {
            switch self {
            case .run(let date, _), .skip(let date, _, _): return date
            }
        }
    }

    /// How late the newest due firing may be and still count as on time.
    public static let onTimeTolerance: TimeInterval = 10
    /// At most this many firings older than the deadline are recorded one by one per decision (an
    /// every-second job down for a day would otherwise write 86,400 rows at once).
    public static let maximumMissedRecords = 1000

    /// Decisions for the firings in `(after, now]`, oldest first.
    public static func decide(schedule: JobSchedule, catchup: CatchupPolicy, startingDeadline: Int,
                              after: Date, now: Date) -> [Decision] {
        let deadline = TimeInterval(startingDeadline)
        let cutoff = now.addingTimeInterval(-deadline)
        let deadlineText = DurationText.format(startingDeadline)
        var decisions: [Decision] = []

        // Firings older than the deadline: missed, whatever the catch-up policy. Past the record limit
        // the rest are only counted, and the last record says so.
        var cursor = after
        var unrecorded = 0
        while let next = schedule.next(after: cursor), next < cutoff {
            if decisions.count < maximumMissedRecords {
                decisions.append(.skip(next, .catchup,
                                       "missed: more than startingDeadline \(deadlineText) late when a runner decided"))
            } else {
                unrecorded += 1
            }
            cursor = next
        }
        if unrecorded > 0, case .skip(let date, let trigger, let reason) = decisions[decisions.count - 1] {
            decisions[decisions.count - 1] = .skip(date, trigger,
                    reason + "; \(unrecorded) later missed firings were not recorded one by one")
        }

        // Firings within the deadline.
        var due: [Date] = []
        while let next = schedule.next(after: cursor), next <= now {
            due.append(next)
            cursor = next
        }
        guard let newest = due.last else { return decisions }
        let newestOnTime = now.timeIntervalSince(newest) <= min(onTimeTolerance, deadline)
        let missed = newestOnTime ? due.dropLast() : due[...]
        for firing in missed {
            switch catchup {
            case .none:
                decisions.append(.skip(firing, .catchup, "missed while no runner was running (catchup: none)"))
            case .latest where firing != missed.last || newestOnTime:
                decisions.append(.skip(firing, .catchup, "superseded by a later firing (catchup: latest)"))
            case .latest, .all:
                decisions.append(.run(firing, .catchup))
            }
        }
        if newestOnTime { decisions.append(.run(newest, .schedule)) }
        return decisions
    }
}
