import FoundationEssentials
import JSON
import MIME

/// A job's `params` as its kind reads them: each value as written or, when left out, the default its
/// descriptor declares, so a default has one home.
///
/// The values were validated against the descriptor when the catalog was loaded. Reading a parameter
/// the descriptor does not declare is a programming error (it would bypass validation and the job
/// reference): debug builds stop on it, release builds read nothing.
public struct JobParameters: Sendable {
    /// The object as written in the job file.
    public let values: JSONObject
    /// The kind's parameters by name.
    private let declared: [String: JobParam]
    private let kind: JobKind

    /// `values` read against `descriptor`.
    public init(_ values: JSONObject, descriptor: JobKindDescriptor) {
        self.values = values
        self.kind = descriptor.kind
        self.declared = Dictionary(descriptor.params.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the job file sets `name`.
    public func isSet(_ name: String) -> Bool { param(name) != nil && values[name] != nil }

    /// The value as written, else the declared default value.
    public func value(_ name: String) -> JSONValue? {
        guard let param = param(name) else { return nil }
        if let value = values[name] { return value }
        if case .value(let value) = param.defaultValue { return value }
        return nil
    }

    /// A string parameter.
    public func string(_ name: String) -> String? { value(name)?.stringValue }

    /// An integer parameter.
    public func int(_ name: String) -> Int? { value(name)?.intValue }

    /// A number parameter.
    public func number(_ name: String) -> Double? { value(name)?.doubleValue }

    /// A duration parameter in seconds.
    public func seconds(_ name: String) -> Int? { string(name).flatMap(DurationText.seconds) }

    /// An array-of-strings parameter.
    public func strings(_ name: String) -> [String]? { value(name)?.arrayValue?.compactMap(\.stringValue) }

    /// A tenant parameter.
    public func tenant(_ name: String) -> UUID? { string(name).flatMap(UUID.init(uuidString:)) }

    /// A recipients parameter: addresses as written and group names (expanded by the mailer).
    public func recipients(_ name: String) -> [Recipient] {
        (strings(name) ?? []).map { entry in
            guard entry.contains("@"), let address = try? MailAddress.parse(entry) else { return .group(entry) }
            return .address(address)
        }
    }

    private func param(_ name: String) -> JobParam? {
        guard let param = declared[name] else {
            assertionFailure("params.\(name) is not declared by the \(kind) kind's descriptor")
            return nil
        }
        return param
    }
}
