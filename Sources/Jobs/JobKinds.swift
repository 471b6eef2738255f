import Config
import Scheduler

/// The executor for each job kind.
public enum JobKinds {
    /// The executor for `kind`.
    public static func executor(for kind: JobKind, services: JobServices) -> any JobExecutor {
        switch kind {
        case .command: return CommandJob()
        case .dataQuality: return DataQualityJob(services: services)
        case .baselineReport: return BaselineReportJob(services: services)
        case .reviewSnapshot: return ReviewSnapshotJob(services: services)
        case .surveyDispatch: return SurveyDispatchJob(services: services)
        }
    }
}
