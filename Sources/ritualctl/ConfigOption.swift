import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsConfig

/// `--config FILE` for the commands that read the config themselves.
struct ConfigOption: ParsableArguments {
    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/rituals/rituals.toml).", valueName: "FILE"))
    var config: String?

    /// The file given, else the default path, else the built-in rituals; an invalid file prints
    /// its problems and exits 1.
    func load() throws -> LoadedConfig {
        do {
            return try ConfigLoader.choose(path: config, kinds: ChannelKinds.all)
        } catch {
            Terminal.error(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
