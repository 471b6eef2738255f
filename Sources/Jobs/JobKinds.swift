import Config
import Scheduler

/// Every job kind the runner has, and the executor of each.
///
/// A kind lives in its own files (its executor and `Kind+Descriptor.swift`); adding one is writing those
/// and one line in `registered` (docs/architecture.md walks through an example).
public enum JobKinds {
    /// The registered kinds, in the order the job reference lists them.
    static let registered: [any RegisteredJobKind.Type] = [
        DataQualityJob.self,
        ReviewSnapshotJob.self,
        BaselineReportJob.self,
        SurveyDispatchJob.self,
        CommandJob.self,
    ]

    /// The descriptors the catalog validates job files against.
    public static var descriptors: [JobKindDescriptor] { registered.map { $0.descriptor } }

    /// The descriptor of `kind`, if it is registered.
    public static func descriptor(for kind: JobKind) -> JobKindDescriptor? {
        registered.first { $0.descriptor.kind == kind }?.descriptor
    }

    /// The executor for `kind`; a kind nobody registered (the catalog refuses such jobs) fails its run.
    public static func executor(for kind: JobKind, services: JobServices) -> any JobExecutor {
        guard let type = registered.first(where: { $0.descriptor.kind == kind }) else {
            return Unregistered(kind: kind)
        }
        return type.init(services: services)
    }

    private struct Unregistered: JobExecutor {
        let kind: JobKind
        func run(_ context: RunContext) async throws -> RunOutcome {
            throw JobFailure("no job kind \"\(kind)\" is registered in this build (see JobKinds.registered)")
        }
    }
}

/// A job kind: what validation and the job reference know about it, and how its executor is made.
protocol RegisteredJobKind: JobExecutor {
    /// The kind's parameters, mail and templates.
    static var descriptor: JobKindDescriptor { get }
    /// The executor, given the database and mail.
    init(services: JobServices)
}
