import Formatting
/// A command of the command line: its words, help, options and what it runs.
struct CommandSpec: Sendable {
    /// The words that select it (`["cron", "next"]`).
    let path: [String]
    /// One line for the command list.
    let summary: String
    /// The usage line after the program name (`cron next EXPR [--tz ZONE]`).
    let usage: String
    /// Further help text.
    let details: String
    /// Options it accepts.
    let options: [OptionSpec]
    /// How many positional arguments it takes.
    let positionals: ClosedRange<Int>
    /// Runs it; returns the exit status.
    let run: @Sendable (ParsedArguments, CommandContext) async -> ExitStatus

    var name: String { path.joined(separator: " ") }

    var help: String {
        var text = "Usage: baseline-runner \(usage)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        let all = options + [OptionSpec(name: "help", valueName: nil, summary: "show this help")]
        text += "\nOptions:\n"
        let width = all.map { $0.label.count }.max() ?? 0
        for option in all {
            text += "  \(Format.leftAligned(option.label, width))  \(option.summary)\n"
        }
        return text
    }
}

/// An option: `--name VALUE`, or a flag `--name` when it takes no value.
struct OptionSpec: Sendable {
    let name: String
    let valueName: String?
    let summary: String

    var label: String { valueName.map { "--\(name) \($0)" } ?? "--\(name)" }
}

/// How the process ends: 0 success, 1 the work failed, 2 usage or configuration error.
enum ExitStatus: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
}
