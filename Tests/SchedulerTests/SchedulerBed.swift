import Config
import Foundation
import Logging
import Scheduler
import SchedulerTesting
import Store
import Synchronization

/// A scheduler on a manual clock and an in-memory store, with job kinds that do what a test says: the
/// scheduling rules run in-process, in milliseconds, without a database, a process or a sleep.
final class SchedulerBed: Sendable {
    /// What the fake job kind does for a job (chosen by the job's `params.env.BEHAVIOUR`, a field the
    /// command kind's validation knows).
    enum Behaviour: String {
        case succeed, fail
        /// Waits on the clock for `params.env.SECONDS`, then succeeds.
        case takes
        /// Waits until cancelled (timeout or shutdown).
        case hangs
    }

    /// One execution the fake job kind saw.
    struct Execution: Sendable, Equatable {
        let job: String
        let scheduledFor: Date
        let attempt: Int
    }

    let clock: ManualClock
    let store: InMemorySchedulerStore
    let scheduler: Scheduler
    /// What the fake job kind ran, in order.
    let executions = Recorder<Execution>()
    /// The jobs whose failure was notified, once per failed firing.
    let failures = Recorder<String>()
    private let stopped = Atomic<Bool>(false)

    static let start = Date(timeIntervalSince1970: 1_795_773_600)  // 2026-11-27T10:00:00Z, a Friday
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Templates").standardized.path

    /// `jobs` are job files' JSON by name; `store` is shared to play several replicas.
    init(jobs: [String: String], runner: String = "runner-a", store shared: InMemorySchedulerStore? = nil,
         clock sharedClock: ManualClock? = nil, settings: SchedulerSettings = SchedulerSettings()) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{ "baseline": { "start": "2026-11-30", "days": 7, "timezone": "UTC" } }"#
            .write(to: directory.appendingPathComponent("program.json"), atomically: true, encoding: .utf8)
        for (name, json) in jobs {
            try json.write(to: directory.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
        }
        let catalog = try JobCatalog.load(jobsDirectory: directory.path, templatesDirectory: Self.templates,
                                          kinds: [FakeKind.descriptor])
        let environment = try RunnerEnvironment.load(["RUNNER_ID": runner])
        clock = sharedClock ?? ManualClock(now: Self.start)
        store = shared ?? InMemorySchedulerStore(clock: clock)
        let executions = self.executions
        let failures = self.failures
        let clock = self.clock
        scheduler = Scheduler(catalog: catalog, store: store, clock: clock, settings: settings,
                              environment: environment, executors: { _ in FakeKind(clock: clock,
                                                                                   executions: executions) },
                              notifyFailure: { failure in failures.append(failure.job.name) },
                              logger: Logger(sink: InMemoryLogSink()))
    }

    /// A command-kind job file whose fake behaviour and policies are given.
    static func job(_ name: String, schedule: String = "* * * * *", behaviour: Behaviour = .succeed, seconds: Int = 0,
                    extra: String = "") -> String {
        """
        { "name": "\(name)", "kind": "fake", "schedule": "\(schedule)"\(extra.isEmpty ? "" : ", " + extra),
          "params": { "behaviour": "\(behaviour.rawValue)", "seconds": \(seconds) } }
        """
    }

    /// Starts the loop and lets it reach its first sleep.
    func start() async {
        Task { [self] in
            await scheduler.run()
            stopped.store(true, ordering: .releasing)
        }
        await clock.settle()
    }

    /// Moves the clock in five-second steps, settling after each: every time the tests look at (firings,
    /// heartbeats, backoffs, graces, timeouts) is a multiple of 5 s from the start.
    func advance(by seconds: Double) async { await clock.advance(by: seconds, step: 5) }

    /// Requests a stop and moves the clock until the loop has returned; false when it did not within `limit`
    /// seconds of clock time.
    func stop(within limit: Int = 60) async -> Bool {
        await scheduler.requestStop()
        await clock.settle()
        for _ in stride(from: 0, to: limit, by: 5) where !hasStopped { await advance(by: 5) }
        return hasStopped
    }

    /// Whether `Scheduler.run()` has returned.
    var hasStopped: Bool { stopped.load(ordering: .acquiring) }

    /// The store's rows of `job`, oldest first.
    func runs(_ job: String) -> [RunRecord] { store.runs.filter { $0.job == job } }

    /// Minutes after the bed's start, as a date.
    static func minute(_ minutes: Int) -> Date { start.addingTimeInterval(Double(minutes) * 60) }
}

/// The fake job kind, registered with the bed's catalog like any kind: does what `params.behaviour` says,
/// on the bed's clock.
private struct FakeKind: JobExecutor {
    let clock: ManualClock
    let executions: Recorder<SchedulerBed.Execution>

    static let descriptor = JobKindDescriptor(
        kind: JobKind("fake"), summary: "Does what the test says.",
        params: [JobParam("behaviour", .string, default: .value(.string("succeed")), "succeed, fail, takes, hangs"),
                 JobParam("seconds", .number, default: .value(.int(0)), "how long `takes` takes")],
        mail: .never)

    func run(_ context: RunContext) async throws -> RunOutcome {
        executions.append(.init(job: context.job.name, scheduledFor: context.scheduledFor, attempt: context.attempt))
        let behaviour = context.job.params.string("behaviour").flatMap(SchedulerBed.Behaviour.init) ?? .succeed
        switch behaviour {
        case .succeed:
            return RunOutcome(output: "ok")
        case .fail:
            throw JobFailure("planted failure")
        case .takes:
            try await clock.sleep(seconds: context.job.params.number("seconds") ?? 0)
            return RunOutcome()
        case .hangs:
            try await clock.sleep(seconds: 1e9)
            return RunOutcome()
        }
    }
}

/// Values appended from any task, read by the test.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    /// Adds one.
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    /// Everything so far, in order.
    var all: [Value] { values.withLock { $0 } }
}
