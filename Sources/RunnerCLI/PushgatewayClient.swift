import CCurl
import Curl
import Formatting
import FoundationEssentials
import Metrics

/// Pushes a `run JOB`'s series to a Prometheus Pushgateway (PRODUCT.md section 11, the convention for
/// batch jobs): `PUT PUSHGATEWAY_URL/metrics/job/JOB` replaces the group of that job with this run's
/// values. A push that fails is logged by the caller; it never changes the run's recorded outcome.
struct PushgatewayClient {
    let baseURL: String

    /// The group URL of `job` (the job name percent-encoded as a path segment).
    func url(job: String) -> String {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return "\(trimmed)/metrics/job/\(Format.percentEncoded(job))"
    }

    /// Sends `body` (text exposition); throws with the HTTP status or the transfer error.
    func push(job: String, body: String) throws {
        let easy = CurlEasy()
        do {
            try easy.set(CURLOPT_URL, url(job: job))
            try easy.set(CURLOPT_CUSTOMREQUEST, "PUT")
            try easy.set(CURLOPT_COPYPOSTFIELDS, body)
            try easy.set(CURLOPT_TIMEOUT, 10)
            let headers = CurlHeaderList(["Content-Type: text/plain; version=0.0.4"])
            try easy.set(CURLOPT_HTTPHEADER, headers)
            _ = try easy.performCollecting("push to the Pushgateway", limit: 64 * 1024)
        } catch {
            throw PushError(message: "\(error)")
        }
        guard (200..<300).contains(easy.responseCode) else {
            throw PushError(message: "the Pushgateway answered HTTP \(easy.responseCode) for \(url(job: job))")
        }
    }

    /// Why a push failed.
    struct PushError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
