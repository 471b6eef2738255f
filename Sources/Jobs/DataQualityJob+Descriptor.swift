import Config
import DataQuality
import JSON

extension JobKind {
    /// The daily checks of the metric sources (PRODUCT.md section 8.2).
    public static let dataQuality = JobKind("data-quality")
}

extension DataQualityJob: RegisteredJobKind {
    static let descriptor = JobKindDescriptor(
        kind: .dataQuality,
        summary: "Checks the local day before the logical time, per tenant and overall; stores check results and "
            + "anomalies; mails an alert when new fail-level anomalies appear.",
        params: [
            JobParam("to", .recipients, "alert recipients"),
            JobParam("template", .template, default: .value(.string("data-quality-alert")), "the alert's template"),
            JobParam("requiredSeries", .strings, default: .value(.array([])),
                     "extra PromQL selectors that must report all day"),
        ] + DataQualityThresholds.parameters.map(Self.param),
        mail: .whenSet(["to"]),
        templates: [RequiredTemplate(.param("template"), ["txt", "html"], when: .whenMailing)])

    /// A threshold as a parameter, its default taken from the thresholds themselves.
    private static func param(_ threshold: DataQualityThresholds.Parameter) -> JobParam {
        let value = DataQualityThresholds()[threshold]
        switch threshold.unit {
        case .number: return JobParam(threshold.name, .number, default: .value(.double(value)), threshold.summary)
        case .count: return JobParam(threshold.name, .count, default: .value(.int(Int(value))), threshold.summary)
        case .duration:
            return JobParam(threshold.name, .duration, default: .value(.string(DurationText.format(Int(value)))),
                            threshold.summary)
        }
    }

    /// The thresholds of a job: its `params` over the defaults, with the program's scrape interval.
    static func thresholds(_ params: JobParameters, scrapeInterval: Int) -> DataQualityThresholds {
        DataQualityThresholds(scrapeInterval: scrapeInterval) { threshold in
            switch threshold.unit {
            case .number, .count: return params.number(threshold.name)
            case .duration: return params.seconds(threshold.name).map(Double.init)
            }
        }
    }
}
