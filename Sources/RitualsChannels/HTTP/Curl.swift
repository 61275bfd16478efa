import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsCore

/// One HTTP request made by `curl` (Debian package curl), blocking until its answer, its
/// timeout, or ``Curl/cancel()``. Everything about the request, the URL, the headers (an access
/// token) and the body, goes to curl on its standard input as a config file (`--config -`), so
/// that no secret appears in an argument list. Call it off the daemon's queue.
public final class Curl: @unchecked Sendable {
    /// What an HTTP request asks.
    public struct Request: Sendable {
        public var method: String
        public var url: String
        public var headers: [String]
        public var body: [UInt8]?
        /// How long curl has before it gives up.
        public var timeout: Duration

        public init(
            _ method: String, _ url: String, headers: [String] = [], body: [UInt8]? = nil,
            timeout: Duration = Curl.requestTime
        ) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.timeout = timeout
        }
    }

    /// What came back: the status and the body (bounded), or why nothing came.
    public enum Response: Sendable, Equatable {
        case answered(status: Int, body: [UInt8])
        case failed(String)
        /// The request's own time limit passed (curl's status 28 once that time had gone by, not
        /// its connect timeout): for a stream, its planned end.
        case ranOut
    }

    /// The time limit of a request that gives an answer at once (a post, a reaction, whoami).
    public static let requestTime = Duration.seconds(30)
    /// A body longer than this is cut (a Matrix sync with a bounded filter is a few kilobytes).
    public static let maxBody = 4 << 20
    private static let statusMark = "\n--rituals-status:"
    private let lock = Lock()
    private var child: ChildProcess?
    private var cancelled = false

    public init() {}

    /// Makes `request`; blocks.
    public func perform(_ request: Request) -> Response {
        run(request, streaming: false) { process in ChildProcess.drain(process.readOutput, limit: Curl.maxBody + 64) }
    }

    /// Makes `request` and hands each line of the body to `line` as it comes (a line longer than
    /// `maxLine` is dropped), until the server ends it, the timeout, or ``cancel()``; then the
    /// status and the body's last bytes.
    public func stream(_ request: Request, maxLine: Int, line: (ArraySlice<UInt8>) -> Void) -> Response {
        run(request, streaming: true) { process in
            var pending: [UInt8] = []
            var overlong = false
            var tail = Data()
            while case let chunk = process.readOutput(), !chunk.isEmpty {
                tail.append(chunk)
                if tail.count > 64 * 1024 { tail.removeFirst(tail.count - 64 * 1024) }
                for byte in chunk {
                    if byte == UInt8(ascii: "\n") {
                        if !overlong && !pending.isEmpty { line(pending[...]) }
                        pending.removeAll(keepingCapacity: true)
                        overlong = false
                    } else if pending.count < maxLine {
                        pending.append(byte)
                    } else {
                        overlong = true
                    }
                }
            }
            return tail
        }
    }

    private func run(_ request: Request, streaming: Bool, read: (ChildProcess) -> Data) -> Response {
        guard let curl = ChildProcess.find("curl") else {
            return .failed("curl is not installed (Debian package curl)")
        }
        let arguments = ["--silent", "--show-error", "--config", "-"]
        let process: ChildProcess
        // Taken before curl starts its own clock, so that its time limit is never measured short.
        let began = ThisProcess.monotonicMicroseconds()
        do {
            process = try ChildProcess(curl, arguments, input: Array(Curl.config(request, streaming: streaming).utf8))
        } catch {
            return .failed(error.description)
        }
        let started = lock.withLock { () -> Bool in
            guard !cancelled else { return false }
            child = process
            return true
        }
        if !started { process.kill() }
        let output = read(process)
        // With --silent --show-error curl says one line at most: read after its output, it never fills the pipe.
        let errors = ChildProcess.drain(process.readErrors, limit: 4096)
        let status = process.wait()
        let said = String(decoding: errors, as: UTF8.self).trimmingBlanks
        lock.withLock { child = nil }
        if lock.withLock({ cancelled }) { return .failed("cancelled") }
        let bytes = Array(output)
        let limit = Curl.seconds(request.timeout) * Microseconds.second
        if status == 28 && ThisProcess.monotonicMicroseconds() - began >= limit { return .ranOut }
        guard status == 0 else {
            return .failed(said.isEmpty ? "curl exited with status \(status)" : Curl.plain(said))
        }
        return Curl.split(bytes)
    }

    /// Ends a request under way (or the next one) at once.
    public func cancel() {
        let process = lock.withLock { () -> ChildProcess? in
            cancelled = true
            return child
        }
        process?.kill()
    }

    /// curl's config for `request`: one option a line, values quoted.
    static func config(_ request: Request, streaming: Bool = false) -> String {
        var lines = streaming ? ["no-buffer"] : []
        lines += [
            "url = \(quoted(request.url))", "request = \(quoted(request.method))",
            "max-time = \(Curl.seconds(request.timeout))", "connect-timeout = 10",
            "write-out = \(quoted(statusMark + "%{http_code}"))", "proto = \"=http,https\"",
        ]
        for header in request.headers { lines.append("header = \(quoted(header))") }
        // data-raw: a body that starts with '@' is text, never a file for curl to read.
        if let body = request.body { lines.append("data-raw = \(quoted(String(decoding: body, as: UTF8.self)))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A time limit as curl's whole seconds (one at least).
    static func seconds(_ limit: Duration) -> Int { max(1, Int(limit.components.seconds)) }

    /// A value in curl's config syntax: in double quotes, with `\` `"` and line breaks escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// The body and the status curl wrote after it.
    static func split(_ bytes: [UInt8]) -> Response {
        let mark = Array(statusMark.utf8)
        guard bytes.count >= mark.count,
            let at = (0...(bytes.count - mark.count)).reversed().first(where: {
                bytes[$0..<($0 + mark.count)].elementsEqual(mark)
            }),
            let status = Int(String(decoding: bytes[(at + mark.count)...], as: UTF8.self).trimmingBlanks)
        else { return .failed("no answer") }
        if status == 0 { return .failed("no answer") }
        return .answered(status: status, body: Array(bytes[..<min(at, maxBody)]))
    }

    /// curl's message without its `curl: (7)` prefix.
    static func plain(_ said: String) -> String {
        let line = said.split(whereSeparator: \.isNewline).last.map(String.init) ?? said
        guard line.hasPrefix("curl: ("), let close = line.firstIndex(of: ")") else { return line }
        return line[line.index(after: close)...].trimmingBlanks
    }
}
