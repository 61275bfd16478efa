/// The version of rituald and ritualctl, the Debian package and the tarball: `MAJOR.MINOR.PATCH`.
/// A release changes it here and adds its entry to the top of scripts/make/package/changelog.
public enum RitualsVersion {
    public static let string = "0.9.0"
}
