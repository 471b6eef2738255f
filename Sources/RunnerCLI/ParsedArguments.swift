/// The arguments of one command after parsing: options by name and positionals in order.
struct ParsedArguments: Sendable {
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    /// Parses `arguments` against a command's options; `--name=value` and `--name value` both work.
    static func parse(_ arguments: [String], for command: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            // Options are always `--name`; anything else is a positional, even when it starts with one '-'
            // (a cron expression such as "-5 * * * *" is reported by the cron parser, not taken for an option).
            if onlyPositionals || !argument.hasPrefix("--") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if name == "help" { parsed.flags.insert("help"); continue }
            guard let option = command.options.first(where: { $0.name == name }) else {
                let known = command.options.map { "--\($0.name)" }
                throw UsageError("unknown option --\(name) for '\(command.name)'",
                                 hint: known.isEmpty ? "it takes no options" : "known options: "
                                     + "\(known.joined(separator: ", "))")
            }
            if let valueName = option.valueName {
                if let inlineValue {
                    parsed.options[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value (\(valueName))") }
                    parsed.options[name] = arguments[index]
                    index += 1
                }
            } else {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                parsed.flags.insert(name)
            }
        }
        if !parsed.flags.contains("help") && !command.positionals.contains(parsed.positionals.count) {
            let range = command.positionals
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to "
                + "\(range.upperBound)"
            throw UsageError("'\(command.name)' takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), got "
                + "\(parsed.positionals.count)",
                             hint: "usage: baseline-runner \(command.usage)")
        }
        return parsed
    }
}

/// A mistake on the command line: exit status 2, with a hint on how to fix it.
struct UsageError: Error, Sendable, CustomStringConvertible {
    let message: String
    let hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    var description: String { hint.map { "\(message)\n\($0)" } ?? message }
}
