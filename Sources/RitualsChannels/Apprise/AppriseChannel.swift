import LinuxSystem
import RitualsConfig
import RitualsCore

/// `kind = "apprise"`: the `apprise` command-line tool with the Apprise URLs in a file of the
/// user's (`--config`), so that URLs and their secrets never appear in an argument list.
public enum AppriseChannel: ChannelKind {
    /// The file of Apprise URLs, one a line.
    public struct Settings: ChannelSettings, Equatable {
        public var urlsFile: String
        public init(urlsFile: String) { self.urlsFile = urlsFile }
    }

    public static let name = "apprise"
    public static let keys = ["urls_file"]

    public static func read(_ table: inout ChannelTable) -> (any ChannelSettings)? {
        guard table.has("urls_file") else {
            table.report(nil, "an apprise channel needs urls_file: a file of Apprise URLs, one a line")
            return nil
        }
        return table.privateFile("urls_file", holding: "the Apprise URLs, one a line").map(Settings.init)
    }

    public static func send(_ message: ChannelMessage, through channel: Channel, context: ChannelContext)
        -> ChannelOutcome
    {
        guard let file = channel.settings(as: Settings.self)?.urlsFile else { return .failed("no urls_file") }
        guard let apprise = ChildProcess.find("apprise") else {
            return .failed("apprise is not installed (Debian package apprise)")
        }
        if let problem = UserDirectories.privateFileProblem(file) { return .failed(problem) }
        let arguments = [
            // Each value joined to its option: a title or body that starts with '-' is text.
            "--config=" + file, "--title=" + message.title,
            "--body=" + (message.body.isEmpty ? message.title : message.body),
            "--notification-type=" + message.type, "-v",
        ]
        guard let redaction = Redaction(urlsFile: file) else {
            return .failed(
                "\(file) is longer than \(Redaction.maxFile / 1024) KiB, too long for a list of Apprise URLs "
                    + "(its secrets could not all be kept out of messages); shorten it")
        }
        switch ProgramRun.run(apprise, arguments, environment: [:], timeout: channel.timeout) {
        case .failed(let why): return .failed(redaction.apply(why))
        case .sent(let output): return .sent(output: redaction.apply(output))
        case .exited(let status, let output):
            // apprise says what went wrong in its WARNING and ERROR lines.
            let lines = output.split(whereSeparator: \.isNewline).compactMap { line -> String? in
                for level in [" - ERROR - ", " - WARNING - "] {
                    if let r = line.range(of: level) { return String(line[r.upperBound...]) }
                }
                return nil
            }
            let why = lines.isEmpty ? "apprise exited with status \(status)" : lines.joined(separator: "; ")
            return .failed(redaction.apply(why))
        }
    }
}
