#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Threading

/// A small HTTP/1.1 server for `/metrics`, `/healthz` and `/readyz` (PRODUCT.md section 11) on its own
/// thread, never on Swift's cooperative pool and never in the scheduler's way: one `poll` loop, GET only,
/// a request head of at most 8 KB (431 beyond) sent within 5 s (408 after), at most 64 connections (more
/// are closed at once), one response per connection. Whatever arrives, it answers or closes; it never
/// blocks or crashes the process.
public final class HTTPEndpoint: Sendable {
    /// What a path answers.
    public struct Response: Sendable {
        public let status: Int
        public let contentType: String
        public let body: String
        public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// The limits of section 11.
    public struct Limits: Sendable {
        public var maxHeadBytes = 8192
        public var headTimeout = 5.0
        public var maxConnections = 64
        public init() {}
    }

    /// Answers a GET of `path` (query string removed), or nil for 404.
    public typealias Handler = @Sendable (String) -> Response?

    private let socket: Int32
    private let handler: Handler
    private let limits: Limits
    private let stopping = Atomic<Bool>(false)
    /// The port it listens on (useful with port 0).
    public let port: Int

    /// Binds `address` (`:9464`, `127.0.0.1:9464`, `0.0.0.0:0`); throws with the reason when it cannot.
    public init(address: String, limits: Limits = Limits(), handler: @escaping Handler) throws(EndpointError) {
        let (host, portNumber) = try Self.parse(address)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw EndpointError("socket(): \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(portNumber).bigEndian)
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            close(fd)
            throw EndpointError("\(address): \(host) is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0,
                socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 256) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw EndpointError("cannot listen on \(address): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        socket = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        self.handler = handler
        self.limits = limits
    }

    /// `:9464` → ("0.0.0.0", 9464).
    static func parse(_ address: String) throws(EndpointError) -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (0...65_535).contains(port) else {
            throw EndpointError("\(address) is not HOST:PORT or :PORT (for example :9464)")
        }
        let host = String(address[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    /// Serves on a thread of its own until `stop()`.
    public func start() {
        DetachedThread.start { [self] in loop() }
    }

    /// Stops serving and closes the socket (within about 200 ms).
    public func stop() { stopping.store(true, ordering: .releasing) }

    private struct Client {
        let fd: Int32
        let opened: Double
        var input: [UInt8] = []
        var output: [UInt8] = []
        var sent = 0
        var responding: Bool { !output.isEmpty }
    }

    private func loop() {
        var clients: [Client] = []
        while !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
            fds += clients.map { pollfd(fd: $0.fd, events: Int16($0.responding ? POLLOUT : POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 200)
            let now = Self.monotonic()
            if fds[0].revents & Int16(POLLIN) != 0 { acceptAll(&clients, now: now) }
            var keep: [Client] = []
            for (index, var client) in clients.enumerated() {
                let events = index + 1 < fds.count ? fds[index + 1].revents : 0
                if serve(&client, events: events, now: now) { keep.append(client) } else { close(client.fd) }
            }
            clients = keep
        }
        for client in clients { close(client.fd) }
        close(socket)
    }

    private func acceptAll(_ clients: inout [Client], now: Double) {
        while true {
            let fd = accept(socket, nil, nil)
            guard fd >= 0 else { return }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            if clients.count >= limits.maxConnections {
                close(fd)  // over the connection cap: never queue, never block
                continue
            }
            clients.append(Client(fd: fd, opened: now))
        }
    }

    /// Advances one connection; false when it is done (and is to be closed).
    private func serve(_ client: inout Client, events: Int16, now: Double) -> Bool {
        if client.responding {
            if events & Int16(POLLOUT | POLLERR | POLLHUP) != 0 {
                let written = client.output[client.sent...].withUnsafeBytes { bytes in
                    send(client.fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
                }
                if written < 0 { return errno == EAGAIN || errno == EWOULDBLOCK }
                client.sent += written
                if client.sent >= client.output.count { return false }
            }
            return now - client.opened < limits.headTimeout * 2
        }
        if events & Int16(POLLIN | POLLERR | POLLHUP) != 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(client.fd, &buffer, buffer.count, 0)
            if count == 0 { return false }  // closed before a whole head: nothing to answer
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK }
            client.input += buffer[0..<count]
        }
        if let end = HTTPRequestHead.end(of: client.input) {
            respond(&client, head: Array(client.input[0..<end]))
        } else if client.input.count > limits.maxHeadBytes {
            respond(&client, head: client.input)  // refused with 431 by the head's reader, the one place that says so
        } else if now - client.opened > limits.headTimeout {
            client.output = HTTPRequestHead.render(Response(status: 408, body: "request head not sent within 5 s\n"))
        }
        return true
    }

    private func respond(_ client: inout Client, head: [UInt8]) {
        switch HTTPRequestHead.read(head, maxBytes: limits.maxHeadBytes) {
        case .get(let path):
            client.output = HTTPRequestHead.render(handler(path) ?? Response(status: 404,
                body: "not found; try /metrics, /healthz, /readyz\n"))
        case .refused(let status, let body, let extraHeaders):
            client.output = HTTPRequestHead.render(Response(status: status, body: body), extraHeaders: extraHeaders)
        }
    }

    static func monotonic() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Why the endpoint cannot listen.
public struct EndpointError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
