/// kubectl's AGE column: a short, coarse duration whose precision falls as it grows.
///
/// | age              | shown as            |
/// |------------------|---------------------|
/// | < 0 s (skew ≤ 1) | `0s`                |
/// | < -1 s           | `<invalid>`         |
/// | < 2 min          | `90s`               |
/// | < 10 min         | `3m`, `3m20s`       |
/// | < 3 h            | `45m`               |
/// | < 8 h            | `2h`, `2h5m`        |
/// | < 48 h           | `30h`               |
/// | < 8 d            | `3d`, `3d4h`        |
/// | < 2 y            | `200d`              |
/// | < 8 y            | `3y`, `3y40d`       |
/// | otherwise        | `9y`                |
enum AgeFormatter {
    /// The age of something `seconds` old.
    static func format(seconds: Int64) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return pair(minutes, "m", seconds % 60, "s") }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return pair(hours, "h", minutes % 60, "m") }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if hours < 24 * 8 { return pair(days, "d", hours % 24, "h") }
        if hours < 24 * 365 * 2 { return "\(days)d" }
        let years = days / 365
        if hours < 24 * 365 * 8 { return pair(years, "y", days % 365, "d") }
        return "\(years)y"
    }

    /// The age of an object created at `created` (epoch seconds), seen at `now`; `<unknown>` without a timestamp.
    static func format(created: Int64?, now: Int64) -> String {
        guard let created else { return "<unknown>" }
        return format(seconds: now - created)
    }

    private static func pair(_ major: Int64, _ majorUnit: String, _ minor: Int64, _ minorUnit: String) -> String {
        minor == 0 ? "\(major)\(majorUnit)" : "\(major)\(majorUnit)\(minor)\(minorUnit)"
    }
}
