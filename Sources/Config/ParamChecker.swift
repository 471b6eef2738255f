import Formatting

/// What a kind's own check (`JobKindDescriptor.check`) sees: the job's `params`, whose declared types were
/// checked already, and where to report problems in them or in files they name.
public struct ParamChecker {
    /// The job's `params`, as a reader that reports problems with the job file, field path and line.
    public var params: FieldReader
    /// `JOBS_DIR`, against which relative paths in parameters resolve.
    public let jobsDirectory: String
    let diagnostics: Diagnostics

    /// A path named by a parameter: absolute as written, else relative to `JOBS_DIR`.
    public func path(_ value: String) -> String {
        PathText.join(jobsDirectory, value)
    }

    /// Reports an error in another file the job names (a roster); the configuration is then invalid.
    public func report(file: String, line: Int?, _ message: String) {
        diagnostics.report(file: file, field: nil, line: line, message)
    }

    /// Reports a problem that does not stop the job (a roster line it will skip); `validate` prints it.
    public func warn(file: String, line: Int?, _ message: String) {
        diagnostics.warn(ConfigError(file: file, field: nil, line: line, message: message))
    }

    /// Why a link put in front of people cannot be used, or nil: only `https://` and `http://` links with a
    /// host and no spaces or control characters (`javascript:` and `data:` links are refused).
    public static func linkProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            return "\"\(url.prefix(30))\" must be an https:// or http:// link"
        }
        let rest = url.drop(while: { $0 != "/" }).dropFirst(2)
        guard let first = rest.first, first != "/", first != "{" else { return "\"\(url.prefix(30))\" names no host" }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<"
            || $0 == ">" }) {
            return "contains a space, quote, angle bracket or control character; percent-encode it"
        }
        return nil
    }
}
