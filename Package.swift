// swift-tools-version: 6.0
import PackageDescription

/// baseline-runner: a scheduled job runner and report mailer for a production SaaS platform.
/// No package dependencies by design: Foundation, Dispatch, libpq and libcurl only.
let package = Package(
    name: "baseline-runner",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "baseline-runner", targets: ["baseline-runner"]),
    ],
    targets: [
        // C bridges.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),

        // Pure modules: no I/O, no clock.
        .target(name: "Formatting"),
        .target(name: "JSON", dependencies: ["Formatting"]),
        .target(name: "CivilTime", dependencies: ["Formatting"]),
        .target(name: "Cron", dependencies: ["CivilTime", "Formatting"]),
        .target(name: "MIME", dependencies: ["CivilTime", "Formatting"]),
        .target(name: "Templates", dependencies: ["JSON"]),
        .target(name: "Statistics"),
        .target(name: "CSV"),
        .target(name: "Surveys", dependencies: ["CivilTime", "CSV", "Formatting", "MIME"]),
        .target(name: "DataQuality", dependencies: ["Formatting", "JSON", "Statistics"]),
        .target(name: "Metrics"),
        .target(name: "Program", dependencies: ["CivilTime", "MIME"]),
        .target(name: "PlatformFigures", dependencies: ["Statistics"]),
        .target(name: "Reports", dependencies: ["CivilTime", "Cron", "DataQuality", "Formatting", "JSON",
                                                "PlatformFigures", "Program", "Statistics", "Surveys"]),

        // I/O modules (files, threads, network, C libraries).
        .target(name: "Threading"),
        .target(name: "ZoneInfo", dependencies: ["CivilTime"]),
        .target(name: "SurveyTokens", dependencies: ["CCrypto"]),
        .target(name: "Logging", dependencies: ["CivilTime", "Formatting", "JSON", "Threading"]),
        .target(name: "Postgres", dependencies: ["CLibPQ", "CivilTime", "Formatting", "JSON"]),
        .target(name: "Curl", dependencies: ["CCurl"]),
        .target(name: "MetricsHTTP", dependencies: ["Metrics", "Threading"]),
        .target(name: "Config", dependencies: ["CivilTime", "Formatting", "JSON", "Cron", "MIME", "Program",
                                              "Templates", "ZoneInfo"]),
        .target(name: "Store", dependencies: ["DataQuality", "Formatting", "JSON", "Postgres"]),
        .target(name: "Prometheus", dependencies: ["CCurl", "Curl", "Formatting", "JSON"]),
        .target(name: "PlatformData", dependencies: ["PlatformFigures", "Postgres", "Program", "Prometheus",
                                                    "Statistics"]),
        .target(name: "Mail", dependencies: ["CCurl", "Curl", "Formatting", "Logging", "Metrics", "MIME", "Postgres",
            "Store"]),
        .target(name: "Scheduler", dependencies: ["Config", "Cron", "Logging", "Metrics", "Postgres", "Program",
            "Store", "Threading"]),
        .target(name: "SchedulerTesting", dependencies: ["Scheduler", "Store"]),
        .target(name: "Jobs", dependencies: ["CivilTime", "Config", "Cron", "DataQuality", "Formatting", "JSON",
            "Logging", "Mail", "Metrics", "MIME", "PlatformData", "Postgres", "Program", "Prometheus", "Reports",
            "Scheduler", "Statistics", "Store", "Surveys", "SurveyTokens", "Templates",
                                            "Threading", "CSV"]),

        // Command line.
        .target(name: "RunnerCLI", dependencies: ["CCurl", "CivilTime", "Config", "Cron", "Curl", "Formatting",
            "Surveys", "JSON", "Jobs", "Logging", "Mail", "Metrics",
                                                 "MetricsHTTP", "Postgres", "Scheduler", "Store", "Templates"]),
        .executableTarget(name: "baseline-runner", dependencies: ["RunnerCLI"], linkerSettings: [
            // Packed relative relocations (lld): 2 MB less to read and map at start (docs/architecture.md).
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                         .when(platforms: [.linux], configuration: .release)),
        ]),
        .executableTarget(name: "cron-benchmark", dependencies: ["CivilTime", "Cron", "ZoneInfo"]),
        .executableTarget(name: "mail-benchmark", dependencies: ["Logging", "Mail", "MIME", "Postgres", "Store"]),

        // Fuzzing (scripts/fuzz): the checks of every parser of outside input, and their libFuzzer entry.
        .target(name: "FuzzTargets", dependencies: ["CivilTime", "Config", "Cron", "CSV", "JSON", "MetricsHTTP", "MIME",
                                                    "Templates"]),
        .executableTarget(name: "baseline-fuzz", dependencies: ["FuzzTargets"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["Postgres"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "FormattingTests", dependencies: ["Formatting"]),
        .testTarget(name: "SurveysTests", dependencies: ["CSV", "Surveys", "SurveyTokens"]),
        .testTarget(name: "DeploymentTests", dependencies: ["JSON", "Postgres", "Prometheus", "TestSupport"],
                    exclude: ["rules"]),
        .testTarget(name: "ZoneInfoTests", dependencies: ["CivilTime", "JSON", "TestSupport", "ZoneInfo"]),
        .testTarget(name: "CronTests", dependencies: ["CivilTime", "Cron", "JSON", "TestSupport", "ZoneInfo"]),
        .testTarget(name: "MIMETests", dependencies: ["MIME"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "DataQualityTests", dependencies: ["DataQuality", "Statistics"]),
        .testTarget(name: "PrometheusTests", dependencies: ["Prometheus", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["CivilTime", "Config", "DataQuality", "JSON",
                                                         "PlatformFigures", "Program", "Reports", "Statistics",
                                                         "Templates", "ZoneInfo"]),
        .testTarget(name: "PlatformDataTests", dependencies: ["CivilTime", "JSON", "PlatformData", "Postgres",
                                                              "Prometheus", "TestSupport", "ZoneInfo"]),
        .testTarget(name: "TemplatesTests", dependencies: ["JSON", "Templates", "TestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Jobs", "JSON", "Program"]),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "CurlTests", dependencies: ["Curl"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Store", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "MailTests", dependencies: ["JSON", "Logging", "Mail", "MIME", "Postgres", "Store",
                                                      "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["CivilTime", "Config", "Cron", "Logging", "Scheduler",
                                                           "SchedulerTesting", "Store", "ZoneInfo"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzTargets"], exclude: ["corpus"]),
        .testTarget(name: "SchedulerIntegrationTests", dependencies: ["JSON", "Postgres", "Surveys", "SurveyTokens",
                                                                      "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
