import Formatting
import FoundationEssentials

/// The `baseline-runner` command line: picks the command from the arguments and runs it.
public enum CLI {
    static let commands: [CommandSpec] = [
        ServeCommand.spec, RunCommand.spec, JobsCommand.spec, HistoryCommand.spec, DeliveriesCommand.spec,
        DeliveriesCommand.resendSpec,
        AnomaliesCommand.spec, AnomaliesCommand.excludeSpec, AnomaliesCommand.includeSpec, ReportsCommand.spec,
        ReportsCommand.showSpec,
        SurveyCommand.statusSpec, SurveyCommand.importSpec, ActionsCommand.addSpec, ActionsCommand.listSpec,
        ActionsCommand.doneSpec,
        ValidateCommand.spec, MigrateCommand.spec, K8sCommand.spec, HealthCommand.spec, CronNextCommand.spec,
            TemplateRenderCommand.spec,
    ]

    /// Runs the command named by `arguments` (without the program name) and returns the exit status.
    public static func main(_ arguments: [String],
                            environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let context = CommandContext(variables: environment)
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            if arguments.isEmpty {
                context.complain(overview)
                return ExitStatus.usage.rawValue
            }
            context.print(overview)
            return ExitStatus.success.rawValue
        }
        if first == "--version" {
            context.print("baseline-runner \(version)")
            return ExitStatus.success.rawValue
        }
        let matching = commands.filter { arguments.starts(with: $0.path) }.max { $0.path.count < $1.path.count }
        guard let command = matching else {
            let group = commands.filter { $0.path.first == first }
            if !group.isEmpty {
                context.complain("error: '\(arguments.prefix(2).joined(separator: " "))' is not a command; try: "
                    + "\(group.map { "'\($0.name)'" }.joined(separator: ", "))")
            } else {
                let suggestion = commands.map(\.path[0]).min { distance($0, first) < distance($1, first) }
                let hint = suggestion.map { distance($0, first) <= 3 ? " Did you mean '\($0)'?" : "" } ?? ""
                context.complain("error: unknown command '\(first)'.\(hint) Run 'baseline-runner --help' for the list.")
            }
            return ExitStatus.usage.rawValue
        }
        do {
            let parsed = try ParsedArguments.parse(Array(arguments.dropFirst(command.path.count)), for: command)
            if parsed.flags.contains("help") {
                context.print(command.help)
                return ExitStatus.success.rawValue
            }
            return await command.run(parsed, context).rawValue
        } catch {
            context.complain("error: \(error)")
            return ExitStatus.usage.rawValue
        }
    }

    static let version = "0.1.0"

    static var overview: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        let lines = commands.map { "  \(Format.leftAligned($0.name, width))  \($0.summary)" }
        return """
            baseline-runner: scheduled data-quality checks, baseline reports and survey mail.

            Usage: baseline-runner COMMAND [OPTIONS]

            Commands:
            \(lines.joined(separator: "\n"))

            Run 'baseline-runner COMMAND --help' for a command's options.
            Exit status: 0 success, 1 the work failed, 2 usage or configuration error.
            """
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
