#if canImport(Glibc)
    import Glibc
#endif

/// The size of the terminal text goes to, so every fixed text can fit it. A descriptor of -1
/// asks only the environment (for output that is not a terminal).
enum Terminal {
    /// Columns of the terminal on `descriptor`, else `$COLUMNS`, else 80 (pipes, files).
    static func width(ofDescriptor descriptor: Int32 = STDOUT_FILENO) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        if let columns = SystemFiles.environment("COLUMNS").flatMap(Int.init), columns >= 20 {
            return columns
        }
        return 80
    }

    /// Lines of the terminal on `descriptor`, else `$LINES`, else 24.
    static func height(ofDescriptor descriptor: Int32 = STDOUT_FILENO) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row >= 4 { return Int(size.ws_row) }
        if let lines = SystemFiles.environment("LINES").flatMap(Int.init), lines >= 4 { return lines }
        return 24
    }
}
