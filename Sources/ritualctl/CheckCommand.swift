import ArgumentParser
import Foundation
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
            FILE:LINE:COLUMN: key.path: message. The exit status is 0 when the file is valid, 1 otherwise.
            """
    )

    @Argument(help: ArgumentHelp("The config file to check.", valueName: "FILE"))
    var file: String?

    @Flag(
        help:
            "Print JSON: {\"file\", \"valid\", \"rituals\", \"errors\": [{\"line\", \"column\", \"path\", \"message\"}]}."
    )
    var json = false

    func run() throws {
        let name = ConfigLoader.chosenFile(path: file) ?? DefaultConfig.name
        var issues: [ConfigIssue] = []
        var count = 0
        do {
            count = try ConfigLoader.choose(path: file).config.rituals.count
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
                ]))
        } else if issues.isEmpty {
            print("\(name): valid, \(count) ritual\(count == 1 ? "" : "s")")
        } else {
            FileHandle.standardError.write(Data((issues.map(\.description).joined(separator: "\n") + "\n").utf8))
        }
        if !issues.isEmpty { throw ExitCode(1) }
    }
}
