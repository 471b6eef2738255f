import Config
import Cron
import FoundationEssentials
import Scheduler

/// The `command` kind: runs `params.argv` without a shell, like a crontab line with a timeout.
///
/// The child inherits the runner's environment, or with `params.env` (a list of variable names) only
/// those variables and `PATH`, plus `BASELINE_JOB`, `BASELINE_RUN_ID`, `BASELINE_SCHEDULED_FOR` (RFC 3339)
/// and `BASELINE_ATTEMPT`. Its output is kept with the run with every secret of the runner masked. A
/// non-zero exit fails the run; cancellation (timeout, shutdown) terminates the whole process group.
public struct CommandJob: JobExecutor {
    /// Creates the executor.
    public init() {}

    /// Runs the command and waits for it.
    public func run(_ context: RunContext) async throws -> RunOutcome {
        guard let argv = context.job.params.strings("argv"), !argv.isEmpty else {
            throw JobFailure("params.argv is missing")  // validation prevents this; kept as a guard
        }
        if context.dryRun {
            return RunOutcome(output: "would run: " + argv.map(Self.quote).joined(separator: " "))
        }
        var environment = Self.inherited(ProcessInfo.processInfo.environment,
                                         names: context.job.params.strings("env"))
        environment["BASELINE_JOB"] = context.job.name
        environment["BASELINE_RUN_ID"] = context.runID.map(String.init) ?? ""
        environment["BASELINE_SCHEDULED_FOR"] = TimeText.format(context.scheduledFor, in: context.job.timeZone)
        environment["BASELINE_ATTEMPT"] = String(context.attempt)
        let child = try ChildProcess(argv: argv, environment: environment)
        context.logger.info("command started", ["pid": "\(child.pid)", "argv0": argv[0]])
        let ended = await withTaskCancellationHandler {
            await child.wait()
        } onCancel: {
            child.terminateGroup()
        }
        try Task.checkCancellation()
        if let signal = ended.signal {
            throw JobFailure("\(argv[0]) was killed by signal \(signal)", output: ended.output)
        }
        guard ended.exitStatus == 0 else {
            throw JobFailure("\(argv[0]) exited with status \(ended.exitStatus ?? -1)", output: ended.output)
        }
        return RunOutcome(output: ended.output)
    }

    /// The whole environment, or only the `names` (and `PATH`) when the job narrows it.
    static func inherited(_ environment: [String: String], names: [String]?) -> [String: String] {
        guard let names else { return environment }
        let kept = Set(names + ["PATH"])
        return environment.filter { kept.contains($0.key) }
    }

    private static func quote(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) } && !word.isEmpty
            ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
