import Config
import Scheduler

/// The executor for each job kind. Kinds not built yet fail loudly when they run, with a reason that
/// names the kind, instead of pretending to succeed.
public enum JobKinds {
    /// The executor for `kind`.
    public static func executor(for kind: JobKind, services: JobServices) -> any JobExecutor {
        switch kind {
        case .command: return CommandJob()
        case .dataQuality: return DataQualityJob(services: services)
        case .baselineReport: return BaselineReportJob(services: services)
        case .reviewSnapshot: return ReviewSnapshotJob(services: services)
        case .surveyDispatch: return UnavailableJob(kind: kind)
        }
    }
}

/// A kind declared in PRODUCT.md but not implemented by this version.
struct UnavailableJob: JobExecutor {
    let kind: JobKind

    func run(_ context: RunContext) async throws -> RunOutcome {
        throw JobFailure("the \(kind.rawValue) job kind is not available in this version of baseline-runner")
    }
}
