/// The `params` each job kind accepts, checked by `validate` before any run.
///
/// A table rather than code per kind: adding a parameter is one line, and unknown keys are reported
/// with the list of known ones.
enum ParamSchema {
    enum ParamType {
        case string, positiveInt, number, duration, recipients, template, uuid, nonEmptyStrings, strings, questions
    }

    struct Param {
        let type: ParamType
        let required: Bool
        init(_ type: ParamType, required: Bool = false) {
            self.type = type
            self.required = required
        }
    }

    static func params(for kind: JobKind) -> [String: Param] {
        switch kind {
        case .command:
            return ["argv": Param(.nonEmptyStrings, required: true), "env": Param(.strings)]
        case .dataQuality:
            return [
                "to": Param(.recipients), "template": Param(.template),
                "scrapeGapIntervals": Param(.positiveInt), "scrapeGapFailAfter": Param(.duration),
                "staleAfter": Param(.duration), "minFinishedPerHour": Param(.positiveInt),
                "successRateWarnPct": Param(.number), "successRateFailPct": Param(.number),
                "minRequestsPerHour": Param(.positiveInt), "latencyP95Seconds": Param(.number),
                "outlierWarnZ": Param(.number), "outlierFailZ": Param(.number), "outlierMinScalePct": Param(.number), "volumeDropRatio": Param(.number),
                "frozenAfter": Param(.duration), "trailingDays": Param(.positiveInt),
                "minComparableDays": Param(.positiveInt), "requiredSeries": Param(.strings),
            ]
        case .reviewSnapshot:
            return ["to": Param(.recipients), "template": Param(.template), "tenant": Param(.uuid),
                    "latestComments": Param(.positiveInt)]
        case .baselineReport:
            return ["to": Param(.recipients), "template": Param(.template), "tenant": Param(.uuid),
                    "surveyCampaigns": Param(.strings), "deckTo": Param(.recipients)]
        case .surveyDispatch:
            return [
                "campaign": Param(.string, required: true), "roster": Param(.string, required: true),
                "responseUrl": Param(.string, required: true), "questions": Param(.questions),
                "reminderAfter": Param(.duration), "maxReminders": Param(.positiveInt), "template": Param(.template),
                "unsubscribeUrl": Param(.string), "deadline": Param(.string),
            ]
        }
    }
}
