import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

/// `kind = "command"`: a program run without a shell, the event in its environment (`RITUAL_*`).
public enum CommandChannel: ChannelKind {
    /// The program and its arguments.
    public struct Settings: ChannelSettings, Equatable {
        public var argv: [String]
        public init(argv: [String]) { self.argv = argv }
    }

    public static let name = "command"
    public static let keys = ["argv"]

    public static func read(_ table: inout ChannelTable) -> (any ChannelSettings)? {
        guard let argv = table.strings("argv") else {
            if !table.has("argv") {
                table.report(
                    nil,
                    "a command channel needs argv: the program and its arguments, e.g. [\"notify-phone\", \"--now\"]")
            }
            return nil
        }
        guard let program = argv.first, !program.isEmpty else {
            table.report("argv", "argv needs at least the program")
            return nil
        }
        let expanded = [UserDirectories.expandingHome(program)] + argv.dropFirst()
        if expanded[0].contains("/") && !FileManager.default.isExecutableFile(atPath: expanded[0]) {
            table.report("argv", "\(expanded[0]) is not an executable file")
        }
        return Settings(argv: expanded)
    }

    public static func send(_ message: ChannelMessage, through channel: Channel, context: ChannelContext)
        -> ChannelOutcome
    {
        guard let argv = channel.settings(as: Settings.self)?.argv, let program = argv.first,
            let path = ChildProcess.find(program)
        else {
            return .failed(
                "\(channel.settings(as: Settings.self)?.argv.first ?? "the program") is not installed or not on PATH")
        }
        switch ProgramRun.run(path, Array(argv.dropFirst()), environment: message.environment, timeout: channel.timeout)
        {
        case .failed(let why): return .failed(why)
        case .sent(let output): return .sent(output: output)
        case .exited(let status, let output):
            let last = output.split(whereSeparator: \.isNewline).last.map { ": " + $0 } ?? ""
            return .failed("\(program) exited with status \(status)\(last)")
        }
    }
}
