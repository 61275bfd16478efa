import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsConfig

/// `ritualctl init`: writes the built-in rituals to the config path.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the built-in rituals to the config file, ready to edit.",
        discussion: """
            Writes to $XDG_CONFIG_HOME/rituals/rituals.toml (~/.config/rituals/rituals.toml), or FILE. \
            An existing file is never replaced unless --force is given.
            """
    )

    @Argument(help: ArgumentHelp("Where to write instead of the default path.", valueName: "FILE"))
    var file: String?

    @Flag(help: "Replace an existing file.")
    var force = false

    func run() throws {
        let path = file ?? ConfigLoader.defaultPath()
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !force {
            Terminal.error(
                Data("ritualctl: \(path) already exists; use --force to replace it with the defaults.\n".utf8))
            throw ExitCode(1)
        }
        let directory = FileIO.directory(of: path)
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data((DefaultConfig.text + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            Terminal.error(
                Data("ritualctl: cannot write \(path): \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("Wrote \(path). Edit it, then check it with `ritualctl check`.")
    }
}
