import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set from the SIGINT handler; a lock-free atomic store is safe inside a signal handler.
private let interruptRequested = Atomic<Bool>(false)
/// Whether the handler is in place, so `install()` runs once.
private let handlerInstalled = Atomic<Bool>(false)

/// Ctrl-C during evaluation: a SIGINT handler that only raises a flag the evaluator polls.
///
/// While a line is edited, Ctrl-C is a libedit key instead (see `LibeditReader`). During a
/// computation it is a real SIGINT, and the handler stays in place for every one of them: a second
/// or third Ctrl-C before the evaluator has polled just sets the flag again, so the process is
/// never killed and the session never lost. (Ctrl-\ still quits, for a truly stuck process.)
///
/// The terminal itself discards output not yet shown when Ctrl-C is typed (libedit turns NOFLSH
/// off); what is printed after the flag is seen is not affected.
enum Interrupt {
    /// Installs the SIGINT handler, once; later calls do nothing.
    static func install() {
        guard !handlerInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptRequested.store(true, ordering: .relaxed)
        }
        sigemptyset(&action.sa_mask)
        // SA_RESTART: without it a Ctrl-C landing in a terminal write fails that write with EINTR,
        // and stdio drops the whole buffer; the pseudo-terminal tests lost output in 8 of 8 runs.
        // Nothing needs EINTR: the line editor takes Ctrl-C as a key, with ISIG off.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A blocked SIGINT inherited from the parent would leave Ctrl-C pending forever.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Prepares for a computation: installs the handler if needed and forgets any stale request.
    static func arm() {
        install()
        clear()
    }

    /// Whether Ctrl-C was pressed since the last `arm()` or `clear()`.
    static var isRequested: Bool { interruptRequested.load(ordering: .relaxed) }

    /// Forgets a request once it has been handled.
    static func clear() {
        interruptRequested.store(false, ordering: .relaxed)
    }

    /// The poll the evaluator calls between steps: true once Ctrl-C has been pressed.
    static let check: @Sendable () -> Bool = { interruptRequested.load(ordering: .relaxed) }
}
