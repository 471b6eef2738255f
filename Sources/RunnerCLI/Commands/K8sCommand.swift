import Config
import Formatting
import FoundationEssentials

/// `k8s cronjobs`: the CronJob manifests for every declared job, generated from `JOBS_DIR`.
enum K8sCommand {
    static let spec = CommandSpec(
        path: ["k8s", "cronjobs"], summary: "print the CronJob manifests (YAML) for every declared job",
        usage: "k8s cronjobs [--image IMAGE]",
        details: """
            One CronJob per job in JOBS_DIR, each running 'run JOB --scheduled' (the same exactly-once claim as serve),
            with timeZone, startingDeadlineSeconds from startingDeadline, activeDeadlineSeconds from timeout plus the
            20 s shutdown grace, and concurrencyPolicy Forbid unless the job's overlap is allow.
            k8s/cronjobs/cronjobs.yaml is this output for the shipped Jobs/ (a test fails when they differ).
            Use k8s/serve or k8s/cronjobs, never both.
            """,
        options: [OptionSpec(name: "image", valueName: "IMAGE",
            summary: "container image (default baseline-runner, set by kustomize)")],
        positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let (environment, catalog) = context.configuration() else { return .usage }
        let partialsDirectory = PathText.join(environment.templatesDirectory, "partials")
        let partials = ((try? FileManager.default.contentsOfDirectory(atPath: partialsDirectory)) ?? [])
            .filter { $0.hasSuffix(".mustache") }
        do {
            context.write(try CronJobManifests.render(catalog, partials: partials,
                image: arguments.options["image"] ?? "baseline-runner"))
            return .success
        } catch {
            context.complain("error: \(error)")
            return .usage
        }
    }
}
