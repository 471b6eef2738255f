import CivilTime
import Cron
import FoundationEssentials
import JSON
import MIME

/// Which missed firings run after downtime.
public enum CatchupPolicy: String, Sendable, CaseIterable {
    /// None: missed firings are recorded `skipped`.
    case none
    /// Only the most recent missed firing runs; older ones are recorded `skipped`.
    case latest
    /// Every missed firing runs, oldest first.
    case all
}

/// What happens to a firing due while the same job still runs.
public enum OverlapPolicy: String, Sendable, CaseIterable {
    /// Recorded `skipped`.
    case skip
    /// Runs after the current run ends.
    case queue
    /// Runs at once, concurrently.
    case allow
}

/// A recipient entry: a literal address or a group declared in `program.json`.
public enum Recipient: Sendable, Hashable, CustomStringConvertible {
    case address(MailAddress)
    case group(String)

    /// The entry as written.
    public var description: String {
        switch self {
        case .address(let address): return address.description
        case .group(let name): return name
        }
    }
}

/// When a job fires: a cron schedule, or once at a local time.
public enum JobSchedule: Sendable {
    case cron(CronSchedule)
    case once(Date)

    /// The first firing strictly after `date`, if any.
    public func next(after date: Date) -> Date? {
        switch self {
        case .cron(let schedule): return schedule.next(after: date)
        case .once(let at): return at > date ? at : nil
        }
    }

    /// The latest firing at or before `date`, if any within the 5-year search bound: windows that grow
    /// from an hour to five years are scanned forward, so dense schedules stop early and sparse ones
    /// take few steps.
    public func latest(atOrBefore date: Date) -> Date? {
        for window: Double in [3600, 86_400, 604_800, 2_764_800, 31_708_800, 158_112_000] {
            var found: Date?
            var cursor = date.addingTimeInterval(-window)
            while let next = next(after: cursor), next <= date {
                found = next
                cursor = next
            }
            if let found { return found }
        }
        return nil
    }
}

/// One declared job, as read from its file in `JOBS_DIR`.
public struct JobDefinition: Sendable {
    /// Unique name (lower-case letters, digits and hyphens, so it also names a Kubernetes CronJob).
    public let name: String
    /// The file it came from.
    public let file: String
    /// What it does.
    public let kind: JobKind
    /// When it fires.
    public let schedule: JobSchedule
    /// The zone of the schedule and of local times in its parameters.
    public let timeZone: Zone
    /// Missed-firing policy.
    public let catchup: CatchupPolicy
    /// Firings older than this (seconds) when the runner decides are `skipped`, not run.
    public let startingDeadline: Int
    /// Overlap policy.
    public let overlap: OverlapPolicy
    /// A run is cancelled (`timed_out`) after this many seconds.
    public let timeout: Int
    /// Extra attempts after a failure.
    public let retries: Int
    /// The first retry's delay in seconds; each further retry doubles it.
    public let retryBackoff: Int
    /// Who is mailed when a firing fails.
    public let notifyOnFailure: [Recipient]
    /// Kind-specific parameters, checked against the kind's descriptor and read with its defaults.
    public let params: JobParameters
    /// Free text for operators.
    public let description: String?
}
