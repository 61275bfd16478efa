import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsControl
import RitualsCore

/// The options every command that talks to rituald shares.
struct DaemonConnection: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "rituald's control socket (default: $XDG_RUNTIME_DIR/rituals/control.sock).", valueName: "PATH"))
    var socket: String?

    /// Exit status when rituald cannot be reached.
    static let unreachable: Int32 = 3

    var client: ControlClient { ControlClient(path: socket ?? ControlPaths.socket()) }

    /// The config the daemon on this socket runs (as it wrote next to its pid), for a client
    /// that gets no answer; nil when none is written there.
    var daemonConfig: String? { LockFile.note(at: client.path + ".lock") }

    /// Sends `request`; on a refusal prints the reason (and any messages) and exits 1; when
    /// rituald is not running says how to start it and exits 3. With `quietly`, a failure to get
    /// an answer is thrown as it is, for the caller to deal with.
    func ask(_ request: ControlRequest, quietly: Bool = false) throws -> ControlResponse {
        let response: ControlResponse
        do {
            response = try client.send(request)
        } catch {
            if quietly { throw error }
            Terminal.error(Data("ritualctl: \(error)\n".utf8))
            switch error {
            case .notRunning, .noAnswer, .closed: throw ExitCode(DaemonConnection.unreachable)
            case .failed: throw ExitCode(1)
            }
        }
        guard response.ok else {
            var text = (response.messages ?? []).map { $0 + "\n" }.joined()
            text += "ritualctl: \(response.error ?? "refused")\n"
            Terminal.error(Data(text.utf8))
            throw ExitCode(1)
        }
        return response
    }

    /// Asks and prints the response's messages; with `json`, what an answer was recorded for and
    /// the messages, or the messages alone for other commands.
    func perform(_ request: ControlRequest, json: Bool) throws {
        let response = try ask(request)
        if json, let receipt = response.answered {
            Output.json(AnswerJSON(receipt, messages: response.messages ?? [], zone: Output.zone(response)))
        } else if json {
            Output.json(response.messages ?? [])
        } else {
            for line in response.messages ?? [] { print(line) }
        }
    }
}

/// Printing helpers shared by the control commands.
enum Output {
    /// `value` as pretty JSON with sorted keys, on stdout.
    static func json<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    /// The zone a response's times are shown in.
    static func zone(_ response: ControlResponse) -> Zone {
        response.timezone.flatMap { SystemZones.shared.zone(named: $0) } ?? SystemZones.shared.localZoneOrUTC()
    }

    /// Rows as columns padded to the widest cell (the last column is not padded).
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padded(to: widths[i])
            }.joined(separator: "  ").trailingSpacesRemoved
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The text without spaces at its end.
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
