import Config

extension JobKind {
    /// Runs an argv with a timeout, like a crontab line.
    public static let command = JobKind("command")
}

extension CommandJob: RegisteredJobKind {
    static let descriptor = JobKindDescriptor(
        kind: .command,
        summary: "Runs `argv` without a shell, with the job's timeout, like a crontab line; a non-zero exit fails the "
            + "run.",
        params: [
            JobParam("argv", .argv, required: true, "the program and its arguments, run without a shell"),
            JobParam("env", .strings, default: .described("the runner's whole environment"),
                     "names of the variables the child inherits, besides `PATH`"),
        ],
        mail: .never)

    init(services: JobServices) { self.init() }
}
