// TEMPORARY stand-in until the SIGINT handler lands.
enum Interrupt {
    static func install() {}
    static func clear() {}
    static let check: @Sendable () -> Bool = { false }
}
