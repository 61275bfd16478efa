import Foundation
import Testing

@testable import RitualsChannels

/// A request that reaches its own time limit is told apart from one that fails: a stream's
/// planned end is not an error.
struct CurlTimeLimitTests {
    /// A port on 127.0.0.1 that takes connections (the kernel completes them) and never answers.
    final class SilentPort {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    @Test func aServerThatNeverAnswersRunsOutTheRequestsTime() throws {
        let silent = try SilentPort()
        let curl = Curl()
        let response = curl.stream(
            Curl.Request("GET", "http://127.0.0.1:\(silent.port)/topic/json", timeout: .seconds(1)), maxLine: 1024
        ) { _ in }
        #expect(response == .ranOut)
    }

    @Test func aRefusedConnectionIsAFailure() throws {
        // A port taken and closed again: nothing listens there.
        let port = try SilentPort().port
        let response = Curl().perform(Curl.Request("GET", "http://127.0.0.1:\(port)/", timeout: .seconds(5)))
        guard case .failed(let why) = response else {
            Issue.record("expected a failure, got \(response)")
            return
        }
        #expect(why.contains("onnect"), "\(why)")
    }
}
