import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsConfig
import RitualsCore

/// `ritualctl check`: validates a config file.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rituals config file and report every problem with its line and column.",
        discussion: """
            Without FILE, checks $XDG_CONFIG_HOME/rituals/rituals.toml (~/.config/rituals/rituals.toml); \
            when that does not exist, checks the built-in defaults. Problems print as \
            FILE:LINE:COLUMN: key.path: message, and warnings (allowed, but probably not meant) as \
            warning: FILE:LINE:COLUMN: …. With shared_dir set, the folder must exist and be private to \
            you (mode 700). The exit status is 0 when the file is valid, 1 otherwise.
            """
    )

    @Argument(help: ArgumentHelp("The config file to check.", valueName: "FILE"))
    var file: String?

    @Flag(
        help:
            "Print JSON: {\"file\", \"valid\", \"rituals\", \"errors\": [{\"line\", \"column\", \"path\", \"message\"}], \"warnings\": [\"…\"]}."
    )
    var json = false

    func run() throws {
        let name = ConfigLoader.chosenFile(path: file) ?? DefaultConfig.name
        var issues: [ConfigIssue] = []
        var count = 0
        var warnings: [String] = []
        do {
            let config = try ConfigLoader.choose(path: file, kinds: ChannelKinds.all).config
            count = config.rituals.count
            warnings = config.warnings
            if let dir = config.settings.sharedDirectory, let problem = UserDirectories.sharedFolderProblem(dir) {
                issues.append(ConfigIssue(file: name, path: "settings.shared_dir", message: problem))
            }
        } catch {
            issues = error.issues
        }
        if json {
            let errors = issues.map { issue in
                JSONText.object([
                    ("line", issue.line.map(String.init) ?? "null"),
                    ("column", issue.column.map(String.init) ?? "null"),
                    ("path", issue.path.map(JSONText.string) ?? "null"), ("message", JSONText.string(issue.message)),
                ])
            }
            print(
                JSONText.object([
                    ("file", JSONText.string(name)), ("valid", issues.isEmpty ? "true" : "false"),
                    ("rituals", String(count)), ("errors", "[" + errors.joined(separator: ", ") + "]"),
                    ("warnings", "[" + warnings.map(JSONText.string).joined(separator: ", ") + "]"),
                ]))
        } else if issues.isEmpty {
            if !warnings.isEmpty {
                Terminal.error(Data((warnings.joined(separator: "\n") + "\n").utf8))
            }
            print("\(name): valid, \(count) ritual\(count == 1 ? "" : "s")")
        } else {
            Terminal.error(Data((issues.map(\.description).joined(separator: "\n") + "\n").utf8))
        }
        if !issues.isEmpty { throw ExitCode(1) }
    }
}
