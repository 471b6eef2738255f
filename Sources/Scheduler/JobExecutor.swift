import Config
import FoundationEssentials
import Logging
import Program

/// What a job kind needs to do one run.
public struct RunContext: Sendable {
    /// The job's declaration.
    public let job: JobDefinition
    /// The baseline program.
    public let program: ProgramDefinition
    /// The runner's environment settings.
    public let environment: RunnerEnvironment
    /// A recorded run or a dry run: the one place a kind learns which.
    public let mode: RunMode
    /// The logical time: the firing, or `run --at`.
    public let scheduledFor: Date
    /// 1 for the first attempt.
    public let attempt: Int
    /// A logger carrying the job and run fields.
    public let logger: Logger

    /// Creates a context.
    public init(job: JobDefinition, program: ProgramDefinition, environment: RunnerEnvironment, mode: RunMode,
                scheduledFor: Date, attempt: Int, logger: Logger) {
        self.job = job
        self.program = program
        self.environment = environment
        self.mode = mode
        self.scheduledFor = scheduledFor
        self.attempt = attempt
        self.logger = logger
    }

    /// Whether this is a dry run: render and print, send no mail, write no results.
    public var dryRun: Bool { mode == .dryRun }

    /// The run's id in `job_runs`; nil for a dry run, which has no row.
    public var runID: Int64? {
        if case .recorded(let id) = mode { return id }
        return nil
    }
}

/// Whether a run is recorded (and so may mail and write) or a dry run.
public enum RunMode: Sendable, Equatable {
    /// A run with its row in `job_runs`.
    case recorded(runID: Int64)
    /// `run --dry-run`: reads allowed; no mail, no writes, no row.
    case dryRun
}

/// What a successful run leaves behind.
public struct RunOutcome: Sendable {
    /// Output kept with the run (a command's last 4 KB).
    public let output: String?
    /// Creates an outcome.
    public init(output: String? = nil) { self.output = output }
}

/// A failed run: the message recorded in `job_runs.error`, and output when there is some.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// Output to keep with the run.
    public let output: String?
    /// Creates a failure.
    public init(_ message: String, output: String? = nil) {
        self.message = message
        self.output = output
    }
    /// The message.
    public var description: String { message }
}

/// One job kind: runs a job once. Cancellation (timeout, shutdown) must stop the work promptly.
public protocol JobExecutor: Sendable {
    /// Does the work; throws `JobFailure` (or any error) when it fails.
    func run(_ context: RunContext) async throws -> RunOutcome
}
