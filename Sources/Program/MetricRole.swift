/// A metric the runner reads from Prometheus, by role (PRODUCT.md section 2.1): the one home of the platform's
/// default metric names, which `program.json` `queries` may override role by role.
public enum MetricRole: String, Sendable, CaseIterable {
    case requestDuration, enhancementStatus, processingTime, queueDepth, resolutionBefore, resolutionAfter, up

    /// The platform's own metric name.
    public var defaultMetric: String {
        switch self {
        case .requestDuration: "request_duration_seconds_bucket"
        case .enhancementStatus: "enhancement_success_rate_total"
        case .processingTime: "enhancement_processing_time_seconds_bucket"
        case .queueDepth: "queue_depth_gauge"
        case .resolutionBefore: "resolution_time_before_enhancement"
        case .resolutionAfter: "resolution_time_after_enhancement"
        case .up: "up"
        }
    }

    /// The metric this role reads under `queries` (overrides by role name), else the default.
    public func metric(in queries: [String: String]) -> String { queries[rawValue] ?? defaultMetric }
}
