import FoundationEssentials
import RitualsCore

/// A config ready to run: where it came from, what it says, and the zone of its times.
public struct LoadedConfig: Sendable {
    /// The file's path, or ``DefaultConfig/name`` for the built-in rituals.
    public var name: String
    public var config: RitualsConfiguration
    /// `settings.timezone`, else the system's zone.
    public var zone: Zone

    public init(name: String, config: RitualsConfiguration, zone: Zone) {
        self.name = name
        self.config = config
        self.zone = zone
    }
}

extension ConfigLoader {
    /// The file the programs read: `path` when given; else the default path when a file is there
    /// and `builtIn` is false; nil for the built-in rituals.
    public static func chosenFile(path: String?, builtIn: Bool = false) -> String? {
        if let path { return path }
        let standard = defaultPath()
        return !builtIn && FileManager.default.fileExists(atPath: standard) ? standard : nil
    }

    /// The config the programs run: that of ``chosenFile(path:builtIn:)``, or the built-in rituals,
    /// in `local` (default: the system's zone, which must be one: a bad `TZ` is an error here); its
    /// channels may be of `kinds`.
    public static func choose(
        path: String?, builtIn: Bool = false, kinds: [any ChannelKindReading.Type],
        zones: any ZoneProvider = SystemZones.shared, local given: Zone? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> LoadedConfig {
        let local: Zone
        if let given { local = given } else { local = try systemZone(environment: environment) }
        let file = chosenFile(path: path, builtIn: builtIn)
        let config: RitualsConfiguration
        if let file {
            config = try load(path: file, kinds: kinds, zones: zones, local: local)
        } else {
            config = try parse(DefaultConfig.text, file: DefaultConfig.name, kinds: kinds, zones: zones, local: local)
        }
        return LoadedConfig(name: file ?? DefaultConfig.name, config: config, zone: config.settings.zone ?? local)
    }

    /// The system's zone, or the error that names what is wrong with it (`TZ: …`).
    public static func systemZone(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> Zone {
        do {
            return try SystemZones.shared.localZone(environment: environment)
        } catch {
            throw ConfigError(issues: [ConfigIssue(file: error.source, message: error.reason)])
        }
    }
}
