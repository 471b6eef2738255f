import CCurl
import Curl
import Dispatch
import Formatting
import FoundationEssentials
import JSON

/// A client of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`) over libcurl.
///
/// Requests run on the client's own serial queue (libcurl blocks), reusing one connection. Long ranges
/// are split so no request asks for more than 11,000 points per series, and the pieces are merged.
public final class PrometheusClient: Sendable {
    /// Prometheus refuses range queries above this many points per series.
    public static let maximumPoints = 11_000
    /// A response larger than this is refused (a misbehaving server must not exhaust memory).
    public static let maximumResponseBytes = 64 << 20

    private let baseURL: String
    private let timeout: Int
    private let responseLimit: Int
    private let queue = DispatchQueue(label: "baseline-runner.prometheus")
    private let handle = HandleBox()

    /// A client for `baseURL` (`http://prometheus:9090`); `timeout` bounds each request in seconds and
    /// `responseLimit` each response in bytes.
    public init(baseURL: String, timeout: Int = 30, responseLimit: Int = maximumResponseBytes) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.responseLimit = responseLimit
    }

    /// An instant query at `time`.
    public func query(_ promql: String, at time: Date) async throws -> [PrometheusSeries] {
        let data = try await get("/api/v1/query", ["query": promql, "time": Self.timestamp(time)], query: promql)
        return try Self.parse(data, query: promql)
    }

    /// A range query over `[start, end]` every `step` seconds, split into requests of at most
    /// `maximumPoints` points per series.
    public func queryRange(_ promql: String, start: Date, end: Date, step: Int) async throws -> [PrometheusSeries] {
        precondition(step > 0, "step must be positive")
        var merged: [[String: String]: PrometheusSeries] = [:]
        var order: [[String: String]] = []
        var chunkStart = start
        let chunk = TimeInterval(step * (Self.maximumPoints - 1))
        while chunkStart <= end {
            let chunkEnd = min(chunkStart.addingTimeInterval(chunk), end)
            let data = try await get("/api/v1/query_range", ["query": promql, "start": Self.timestamp(chunkStart),
                                                              "end": Self.timestamp(chunkEnd), "step": "\(step)"],
                                                              query: promql)
            for series in try Self.parse(data, query: promql) {
                if merged[series.labels] == nil {
                    merged[series.labels] = PrometheusSeries(labels: series.labels, samples: [])
                    order.append(series.labels)
                }
                merged[series.labels]!.samples += series.samples
            }
            chunkStart = chunkEnd.addingTimeInterval(TimeInterval(step))
        }
        return order.map { merged[$0]! }
    }

    // MARK: - HTTP

    private func get(_ path: String, _ parameters: [String: String], query: String) async throws -> Data {
        let url = baseURL + path + "?" + parameters.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Self.percentEncode($0.value))" }.joined(separator: "&")
        let control = TransferControl()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [handle, timeout, responseLimit] in
                    guard !control.isCancelled else { return continuation.resume(throwing: CancellationError()) }
                    continuation.resume(with: Result {
                        try handle.get(url, timeout: timeout, limit: responseLimit, query: query, control: control)
                    })
                }
            }
        } onCancel: {
            control.cancel()
        }
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters: `+` must become `%2B`, or
    /// Prometheus reads it as a space and `a + b` fails.
    static func percentEncode(_ text: String) -> String { Format.percentEncoded(text) }

    static func timestamp(_ date: Date) -> String { Format.fixed(date.timeIntervalSince1970, 3) }

    // MARK: - Parsing

    static func parse(_ data: Data, query: String) throws -> [PrometheusSeries] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw PrometheusError(kind: .malformed, message: "\(error)", query: query)
        }
        guard document["status"]?.stringValue == "success" else {
            let type = document["errorType"]?.stringValue ?? "error"
            let message = document["error"]?.stringValue ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw PrometheusError(kind: .rejected, message: "\(type): \(message)", query: query)
        }
        guard let result = document["data"]?["result"], let type = document["data"]?["resultType"]?.stringValue else {
            throw PrometheusError(kind: .malformed, message: "no data.result", query: query)
        }
        switch type {
        case "vector", "matrix":
            guard let items = result.arrayValue else {
                throw PrometheusError(kind: .malformed, message: "data.result is not a list", query: query)
            }
            return try items.map { item in
                guard let metric = item["metric"]?.objectValue else {
                    throw PrometheusError(kind: .malformed, message: "a result has no \"metric\" object", query: query)
                }
                var labels: [String: String] = [:]
                for member in metric {
                    guard let value = member.value.stringValue else {
                        throw PrometheusError(kind: .malformed,
                            message: "label \(member.key.prefix(40)) is not a string", query: query)
                    }
                    labels[member.key] = value
                }
                let points: [JSONValue]
                if type == "vector" {
                    guard let value = item["value"] else {
                        throw PrometheusError(kind: .malformed, message: "a vector result has no \"value\"",
                            query: query)
                    }
                    points = [value]
                } else {
                    guard let values = item["values"]?.arrayValue else {
                        throw PrometheusError(kind: .malformed, message: "a matrix result has no \"values\" list",
                            query: query)
                    }
                    points = values
                }
                return PrometheusSeries(labels: labels, samples: try points.map { try sample($0, query: query) })
            }
        case "scalar":
            return [PrometheusSeries(labels: [:], samples: [try sample(result, query: query)])]
        default:
            throw PrometheusError(kind: .malformed, message: "unexpected result type \(type)", query: query)
        }
    }

    /// `[1764000000.5, "0.97"]`, with `NaN`, `+Inf` and `-Inf` as Prometheus writes them.
    static func sample(_ pair: JSONValue, query: String) throws -> PrometheusSeries.Sample {
        guard let parts = pair.arrayValue, parts.count == 2, let time = parts[0].doubleValue,
              let text = parts[1].stringValue else {
            throw PrometheusError(kind: .malformed, message: "bad sample \(pair.jsonText.prefix(60))", query: query)
        }
        let value: Double
        switch text {
        case "NaN": value = .nan
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        default:
            guard let parsed = Double(text) else { throw PrometheusError(kind: .malformed,
                    message: "bad value \(text)", query: query) }
            value = parsed
        }
        return PrometheusSeries.Sample(time: Date(timeIntervalSince1970: time), value: value)
    }
}

/// The client's curl handle, used only on the client's queue.
private final class HandleBox: @unchecked Sendable {
    private var easy: CurlEasy?

    func get(_ url: String, timeout: Int, limit: Int, query: String, control: TransferControl) throws -> Data {
        let easy = self.easy ?? CurlEasy()
        self.easy = easy
        easy.reset()
        do {
            try easy.set(CURLOPT_URL, url)
            try easy.set(CURLOPT_CONNECTTIMEOUT, min(timeout, 10))
            try easy.set(CURLOPT_TIMEOUT, timeout)
            try easy.set(CURLOPT_HTTPHEADER, CurlHeaderList(["Accept: application/json"]))
            let body = try easy.performCollecting("GET Prometheus", limit: limit, control: control)
            let status = easy.responseCode
            if status >= 400 && !body.starts(with: Data("{".utf8)) {
                throw PrometheusError(kind: .rejected,
                        message: "HTTP \(status): \(String(decoding: body.prefix(200), as: UTF8.self))", query: query)
            }
            return body
        } catch let error as CurlError {
            throw PrometheusError(kind: .unreachable, message: "\(error)", query: query)
        }
    }
}
