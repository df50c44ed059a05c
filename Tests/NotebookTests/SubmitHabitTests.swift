import Testing

@testable import Notebook

/// What `Session.submit` makes of IPython's habits: help requests, and Enter after a mistake.
@Suite struct SubmitHabitTests {
    @Test func helpRequestsAreRecognisedInEveryForm() {
        #expect(HelpRequest.topic(in: "?dropout") == "dropout")
        #expect(HelpRequest.topic(in: "??dropout") == "dropout")
        #expect(HelpRequest.topic(in: "dropout?") == "dropout")
        #expect(HelpRequest.topic(in: " help(dropout) ") == "dropout")
        #expect(HelpRequest.topic(in: "help(\"dropout\")") == "dropout")
        #expect(HelpRequest.topic(in: "help('mc')") == "mc")
        #expect(HelpRequest.topic(in: "?np.sum") == "np.sum")
        #expect(HelpRequest.topic(in: "?:load") == ":load")
        #expect(HelpRequest.topic(in: "?") == "")
        #expect(HelpRequest.topic(in: "help()") == "")
        #expect(HelpRequest.topic(in: "help") == "")
        // Code, not a request.
        #expect(HelpRequest.topic(in: "help(x + 1)") == nil)
        #expect(HelpRequest.topic(in: "x = 1?") == nil)
        #expect(HelpRequest.topic(in: "?1") == nil)
        #expect(HelpRequest.topic(in: "dropout(x)") == nil)
    }

    @Test func aHelpRequestGoesToTheFrontEndAndNeverToTheParser() throws {
        var session = try sampleSession()
        for input in ["?dropout", "help(dropout)", "dropout?"] {
            let replies = session.submit(input)
            guard replies.count == 1, case .frontEnd(.help, let argument) = replies[0] else {
                Issue.record("\(input) gave \(replies)")
                continue
            }
            #expect(argument == "dropout")
        }
        // A variable named help is still a variable.
        _ = session.submit("help = 3")
        guard case .step(let record, _)? = session.submit("help").first else {
            Issue.record("help was not evaluated")
            return
        }
        #expect(record.error == nil)
    }

    @Test func enterRightAfterAnErrorDoesNotRunTheNextStep() throws {
        var session = try sampleSession()
        _ = session.submit("zz + 1")
        #expect(session.lastInputFailed)
        let replies = session.submit("")
        guard replies.count == 1, case .notice(.enterAfterError(nextStep: 1)) = replies[0] else {
            Issue.record("\(replies)")
            return
        }
        #expect(session.position == 0)
        // A second Enter moves on.
        _ = session.submit("")
        #expect(session.position == 1)
        #expect(!session.lastInputFailed)
    }

    @Test func onlyTheLearnersMistakesHoldEnterBack() throws {
        var session = try sampleSession()
        _ = session.submit(":nxt")
        #expect(session.lastInputFailed)
        _ = session.submit("1 + 1")
        #expect(!session.lastInputFailed)
        _ = session.submit("")
        #expect(session.position == 1)
        // Without a lesson, Enter after an error says what it always says.
        var free = Session()
        _ = free.submit("zz")
        guard case .notice(.noLesson)? = free.submit("").first else {
            Issue.record("expected noLesson")
            return
        }
    }

    @Test func historyAndEditAreFrontEndCommands() throws {
        var session = Session()
        guard case .frontEnd(.history, "5")? = session.submit(":history 5").first,
            case .frontEnd(.edit, "")? = session.submit(":edit").first
        else {
            Issue.record(":history and :edit should go to the front end")
            return
        }
        #expect(SessionCommand.history.isForFrontEnd && SessionCommand.edit.isForFrontEnd)
    }
}
