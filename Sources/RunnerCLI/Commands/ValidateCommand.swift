import Config
import Cron
import Formatting
import FoundationEssentials

/// `validate`: checks the environment, `JOBS_DIR` and `TEMPLATES_DIR` without a database.
enum ValidateCommand {
    static let spec = CommandSpec(
        path: ["validate"], summary: "check the environment, JOBS_DIR and TEMPLATES_DIR; print every error",
        usage: "validate",
        details: "Needs no database. Prints one line per declared job (name, kind, schedule, next firing) on "
            + "standard\noutput, and every problem on standard error; exit status 2 when there is any problem.",
        options: [], positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        var problems: [String] = []
        var environment: RunnerEnvironment?
        do {
            environment = try RunnerEnvironment.load(context.variables)
        } catch {
            problems += error.errors.map(\.description)
        }
        let jobsDirectory = environment?.jobsDirectory ?? context.variables["JOBS_DIR"] ?? "Jobs"
        let templatesDirectory = environment?.templatesDirectory ?? context.variables["TEMPLATES_DIR"] ?? "Templates"
        var catalog: JobCatalog?
        do {
            catalog = try JobCatalog.load(jobsDirectory: jobsDirectory, templatesDirectory: templatesDirectory)
        } catch {
            problems += error.errors.map(\.description)
        }
        problems += TemplateCatalog.validate(directory: templatesDirectory).map(\.description)
        guard problems.isEmpty, let catalog else {
            problems.forEach { context.complain("error: \($0)") }
            context.complain("\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
            return .usage
        }
        // Problems that do not stop a job (a roster line a survey will skip), each with its file and line.
        for warning in catalog.warnings { context.complain("warning: \(warning)") }
        let now = Date()
        for job in catalog.jobs {
            let when: String
            switch job.schedule {
            case .cron(let schedule): when = schedule.expression.source
            case .once: when = "once"
            }
            let next = job.schedule.next(after: now).map { TimeText.format($0, in: job.timeZone) } ?? "never"
            context.print("\(job.name)\t\(job.kind.rawValue)\t\(when)\t\(job.timeZone.identifier)\tnext \(next)")
        }
        context.logger.info("configuration is valid", ["jobs": "\(catalog.jobs.count)", "jobs_dir": jobsDirectory])
        return .success
    }
}
