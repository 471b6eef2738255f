import Config
import Foundation
import JSON
import Jobs
import Testing

@Suite("Job kinds: descriptors, registration and the job reference")
struct JobKindRegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A kind only this test registers: the catalog knows it from its descriptor alone.
    static let echo = JobKindDescriptor(
        kind: JobKind("echo"), summary: "Says something.",
        params: [JobParam("words", .string, required: true, "what to say"),
                 JobParam("times", .count, default: .value(.int(3)), "how often"),
                 JobParam("pause", .duration, default: .value(.string("5s")), "between times")],
        mail: .never)

    static func load(_ job: String, kinds: [JobKindDescriptor]) throws -> JobCatalog {
        let fixture = try JobsFixture(files: ["echo.json": job])
        defer { fixture.remove() }
        return try JobCatalog.load(jobsDirectory: fixture.jobsDirectory, templatesDirectory: fixture.templatesDirectory,
                                   kinds: kinds)
    }

    @Test func aKindRegisteredOnlyByItsDescriptorIsValidatedAndReadWithItsDefaults() throws {
        let job = #"{"name": "echo", "kind": "echo", "schedule": "0 9 * * *", "params": {"words": "hi"}}"#
        let catalog = try Self.load(job, kinds: JobKinds.descriptors + [Self.echo])
        let echo = try #require(catalog.job(named: "echo"))
        #expect(echo.kind == JobKind("echo"))
        #expect(echo.params.string("words") == "hi")
        #expect(echo.params.int("times") == 3, "the descriptor's default")
        #expect(echo.params.seconds("pause") == 5)
        #expect(!echo.params.isSet("times"))
    }

    @Test func aDescriptorsParameterTypesAreCheckedWithFileFieldAndLine() throws {
        let job = "{\"name\": \"echo\", \"kind\": \"echo\", \"schedule\": \"0 9 * * *\",\n"
            + "\"params\": {\"words\": \"hi\",\n \"times\": 0, \"pause\": \"soon\", \"loud\": true}}"
        let error = #expect(throws: ConfigErrors.self) { try Self.load(job, kinds: [Self.echo]) }
        let errors = error?.errors ?? []
        #expect(errors.contains { $0.field == "params.times" && $0.line == 3 && $0.message.contains("out of range") })
        #expect(errors.contains { $0.field == "params.pause" && $0.message.contains("not a duration") })
        #expect(errors.contains { $0.field == "params.loud" && $0.message.contains("known: pause, times, words") })
    }

    @Test func aKeyAKindsOwnCheckReadsCountsAsKnown() throws {
        let legacy = JobKindDescriptor(kind: JobKind("echo"), summary: "Says something.",
                                       params: [JobParam("words", .string, required: true, "what to say")],
                                       mail: .never, check: { checker in
                                           if checker.params.string("voice") == "shout" {
                                               checker.params.fail("voice", "no shouting")
                                           }
                                       })
        let job = #"{"name": "echo", "kind": "echo", "schedule": "0 9 * * *", "params": {"words": "hi", "#
            + #""voice": "shout"}}"#
        let error = #expect(throws: ConfigErrors.self) { try Self.load(job, kinds: [legacy]) }
        #expect(error?.errors.map(\.message) == ["no shouting"], "not also 'not a known field'")
    }

    @Test func aRequiredParameterMakesParamsRequired() throws {
        let job = #"{"name": "echo", "kind": "echo", "schedule": "0 9 * * *"}"#
        let error = #expect(throws: ConfigErrors.self) { try Self.load(job, kinds: [Self.echo]) }
        #expect(error?.errors.contains { $0.field == "params" && $0.message == "is required" } == true,
                "\(error?.errors ?? [])")
    }

    @Test func aKindNobodyRegisteredIsRefusedNamingTheRegisteredOnes() throws {
        let job = #"{"name": "echo", "kind": "echo", "schedule": "0 9 * * *", "params": {"words": "hi"}}"#
        let error = #expect(throws: ConfigErrors.self) { try Self.load(job, kinds: JobKinds.descriptors) }
        let kind = try #require(error?.errors.first { $0.field == "kind" })
        #expect(kind.message == #""echo" is not one of "baseline-report", "command", "data-quality", "#
            + #""review-snapshot", "survey-dispatch""#)
    }

    @Test func registeredKindsHaveUniqueNamesAndParameters() {
        let kinds = JobKinds.descriptors.map(\.kind)
        #expect(Set(kinds).count == kinds.count)
        for descriptor in JobKinds.descriptors {
            let names = descriptor.params.map(\.name)
            #expect(Set(names).count == names.count, "\(descriptor.kind) declares a parameter twice")
            for template in descriptor.templates {
                if case .param(let key) = template.name {
                    #expect(descriptor.param(key).map { if case .template = $0.type { true } else { false } } == true,
                            "\(descriptor.kind): template from params.\(key), which is not a template parameter")
                }
            }
        }
    }

    /// docs/jobs.md's "params per kind" is written from the descriptors; with `BASELINE_UPDATE_DOCS=1` the
    /// test writes it instead of comparing.
    @Test func theJobReferenceListsEveryKindsParametersAsDeclared() throws {
        let path = Self.root + "/docs/jobs.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let begin = "<!-- BEGIN kinds: written from each kind's descriptor (JobKindReference) -->\n"
        let end = "<!-- END kinds -->"
        let start = try #require(text.range(of: begin), "docs/jobs.md lacks the line \(begin)")
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let expected = "\n" + JobKindReference.markdown(JobKinds.descriptors) + "\n"
        if ProcessInfo.processInfo.environment["BASELINE_UPDATE_DOCS"] == "1" {
            try (text[..<start.upperBound] + expected + text[stop.lowerBound...])
                .write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == expected,
                Comment(rawValue: "docs/jobs.md differs from the descriptors; run "
                    + "BASELINE_UPDATE_DOCS=1 swift test --filter JobKindRegistryTests"))
    }
}
