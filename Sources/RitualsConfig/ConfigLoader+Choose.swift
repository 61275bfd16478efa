import Foundation
import RitualsCore

extension ConfigLoader {
    /// The config the programs run: the file at `path` when given; else the default path when a
    /// file is there and `builtIn` is false; else the built-in rituals. Returns the config and
    /// the name of where it came from.
    public static func choose(
        path: String?, builtIn: Bool = false, zones: any ZoneProvider, local: Zone
    ) throws(ConfigError) -> (config: RitualsConfiguration, name: String) {
        if let path { return (try load(path: path, zones: zones, local: local), path) }
        let standard = defaultPath()
        if !builtIn && FileManager.default.fileExists(atPath: standard) {
            return (try load(path: standard, zones: zones, local: local), standard)
        }
        return (try parse(DefaultConfig.text, file: DefaultConfig.name, zones: zones, local: local), DefaultConfig.name)
    }

    /// The zone of a config's schedules: its `timezone`, else `local`.
    public static func zone(of config: RitualsConfiguration, zones: any ZoneProvider, local: Zone) -> Zone {
        config.settings.timezone.flatMap { zones.zone(named: $0) } ?? local
    }
}
