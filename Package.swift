// swift-tools-version: 6.0
import PackageDescription

/// baseline-runner: a scheduled job runner and report mailer for a production SaaS platform.
/// No package dependencies by design: Foundation, Dispatch, libpq and libcurl only.
let package = Package(
    name: "baseline-runner",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "baseline-runner", targets: ["baseline-runner"]),
    ],
    targets: [
        // C bridges.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // Pure modules: no I/O, no clock.
        .target(name: "JSON"),
        .target(name: "CivilTime"),
        .target(name: "Cron", dependencies: ["CivilTime"]),
        .target(name: "MIME", dependencies: ["CivilTime"]),
        .target(name: "Templates", dependencies: ["JSON"]),
        .target(name: "Statistics"),
        .target(name: "DataQuality", dependencies: ["JSON", "Statistics"]),

        // I/O modules.
        .target(name: "Logging", dependencies: ["JSON"]),
        .target(name: "Postgres", dependencies: ["CLibPQ", "CivilTime", "JSON"]),
        .target(name: "Curl", dependencies: ["CCurl"]),
        .target(name: "Config", dependencies: ["JSON", "Cron", "MIME", "Templates"]),
        .target(name: "Store", dependencies: ["JSON", "Postgres"]),
        .target(name: "Prometheus", dependencies: ["CCurl", "Curl", "JSON"]),
        .target(name: "PlatformData", dependencies: ["Postgres", "Prometheus", "Statistics"]),
        .target(name: "Reports", dependencies: ["Config", "Cron", "JSON", "PlatformData", "Statistics"]),
        .target(name: "Mail", dependencies: ["CCurl", "Curl", "Logging", "MIME", "Postgres", "Store"]),
        .target(name: "Scheduler", dependencies: ["Config", "Cron", "Logging", "Postgres", "Store"]),
        .target(name: "Jobs", dependencies: ["Config", "Cron", "DataQuality", "JSON", "Logging", "Mail", "MIME", "PlatformData", "Postgres",
                                            "Prometheus", "Reports", "Scheduler", "Statistics", "Store", "Templates"]),

        // Command line.
        .target(name: "RunnerCLI", dependencies: ["Config", "Cron", "JSON", "Jobs", "Logging", "Mail", "Postgres", "Scheduler", "Store", "Templates"]),
        .executableTarget(name: "baseline-runner", dependencies: ["RunnerCLI"]),
        .executableTarget(name: "cron-benchmark", dependencies: ["Cron"]),
        .executableTarget(name: "mail-benchmark", dependencies: ["Logging", "Mail", "MIME", "Postgres", "Store"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["Postgres"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "CronTests", dependencies: ["CivilTime", "Cron", "JSON", "TestSupport"]),
        .testTarget(name: "MIMETests", dependencies: ["MIME"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "DataQualityTests", dependencies: ["DataQuality", "Statistics"]),
        .testTarget(name: "PrometheusTests", dependencies: ["Prometheus", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Config", "JSON", "PlatformData", "Postgres", "Prometheus", "Reports", "Statistics", "TestSupport"]),
        .testTarget(name: "PlatformDataTests", dependencies: ["JSON", "PlatformData", "Postgres", "Prometheus", "TestSupport"]),
        .testTarget(name: "TemplatesTests", dependencies: ["JSON", "Templates", "TestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "JSON"]),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "CurlTests", dependencies: ["Curl"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Store", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "MailTests", dependencies: ["JSON", "Logging", "Mail", "MIME", "Postgres", "Store", "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Config", "Cron", "Scheduler", "Store"]),
        .testTarget(name: "SchedulerIntegrationTests", dependencies: ["Postgres", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
