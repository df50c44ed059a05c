import Notebook
import Testing

@testable import dropstep

/// The REPL's pure decisions: what Tab offers inside a call, how lines gather into inputs,
/// what a paste is, how Ctrl-R searches, and how `:history` lists.
@Suite struct REPLInputTests {
    let completer = Completer(
        commands: [":load", ":history"], lessons: ["00-tour"], variables: ["x", "mode_x"])

    @Test func theCallAtTheCursorIsFound() throws {
        let call = try #require(CallContext(text: "y = dropout(x, p=0.2, mo"))
        #expect(call.function == "dropout")
        #expect(call.keywordsGiven == ["p"])
        #expect(call.positionalCount == 1)
        #expect(call.currentArgument == " mo")
        #expect(call.couldBeKeyword)
        let nested = try #require(CallContext(text: "mc(dropout(relu(x), p=0.5), sam"))
        #expect(nested.function == "mc" && nested.positionalCount == 1 && nested.isAtArgumentLevel)
        let inList = try #require(CallContext(text: "dropout([1, 2"))
        #expect(inList.function == "dropout" && !inList.isAtArgumentLevel)
        let inString = try #require(CallContext(text: "plot(y, title=\"a, (b\", ki"))
        #expect(inString.keywordsGiven == ["title"] && inString.currentArgument == " ki")
        #expect(CallContext(text: "x = (1 + 2") == nil)
        #expect(CallContext(text: "dropout(x)") == nil)
        #expect(CallContext(text: ":help dropout(") == nil)
        #expect(CallContext.openQuote(in: "dropout(x, mode=\"do") == "\"")
        #expect(CallContext.openQuote(in: "f(\"a\" # \"b") == nil)
    }

    @Test func tabInACallOffersKeywordsThenAcceptedStrings() {
        let opened = completer.completion(for: "y = dropout(")
        #expect(opened.signature == Builtins.table["dropout"]!.usage)
        #expect(opened.candidates == ["x=", "p=", "mode=", "training=", "axis=", "mask="])
        #expect(completer.candidates(for: "dropout(x, ") == ["p=", "mode=", "training=", "axis=", "mask="])
        #expect(completer.candidates(for: "dropout(x, p=0.2, mo") == ["mode=", "mode_x"])
        #expect(
            completer.candidates(for: "dropout(x, mode=") == [
                "\"upscale_in_train\"", "\"downscale_in_infer\"",
            ])
        let inString = completer.completion(for: "dropout(x, mode=\"do")
        #expect(inString.candidates == ["downscale_in_infer\""])
        #expect(inString.listPrefix == "\"")
        #expect(completer.candidates(for: "plot(y, kind='") == ["line'", "bar'"])
        // Where only values go, names; the signature still shows.
        #expect(completer.candidates(for: "dropout(x, p=") == [])
        #expect(completer.completion(for: "dropout(x, p=").signature != nil)
        #expect(completer.candidates(for: "dropout(mode_") == ["mode_x"])
        // Outside a call, as before.
        #expect(completer.completion(for: "drop").signature == nil)
        #expect(completer.candidates(for: ":hi") == [":history"])
    }

    @Test func theEditAfterTabInsertsWhatCandidatesShare() {
        #expect(
            CompletionEdit(text: "dropout(x, mo", candidates: completer.candidates(for: "dropout(x, mo"))
                == .insert("de"))
        #expect(
            CompletionEdit(
                text: "dropout(x, mode=", candidates: completer.candidates(for: "dropout(x, mode="))
                == .insert("\""))
        #expect(
            CompletionEdit(
                text: "dropout(x, mode=\"d", candidates: completer.candidates(for: "dropout(x, mode=\"d"))
                == .insert("ownscale_in_infer\""))
    }

    @Test func linesGatherIntoBlocksWithAutoIndent() {
        var block = InputBlock()
        #expect(block.add("for t in range(3):") == .incomplete)
        #expect(block.nextIndent == "    ")
        #expect(block.add("    if t:") == .incomplete)
        #expect(block.nextIndent == "        ")
        #expect(block.add("        print(t)") == .incomplete)
        #expect(block.nextIndent == "        ")
        // An indent-only line closes the block and is not part of it.
        #expect(block.add("        ") == .complete(["for t in range(3):\n    if t:\n        print(t)"]))
        #expect(block.isEmpty && block.nextIndent == "")
        #expect(block.add("x = [1,") == .incomplete)
        #expect(block.nextIndent == "")
        #expect(block.add(" 2]") == .complete(["x = [1,\n 2]"]))
        #expect(block.add("") == .complete([""]))
        #expect(block.add(":next") == .complete([":next"]))
        #expect(InputBlock.opensBlock("for t in x:  # loop"))
        #expect(!InputBlock.opensBlock("s = \"a:\""))
    }

    @Test func aPasteIsOneUnitAndItsBlankLinesStayInside() {
        var block = InputBlock()
        #expect(block.add("a = 1\n\nb = a + 1") == .complete(["a = 1\n\nb = a + 1"]))
        // A pasted loop runs without an extra blank line.
        #expect(
            block.add("for t in range(2):\n    u = t\n\n    print(u)")
                == .complete(["for t in range(2):\n    u = t\n\n    print(u)"]))
        // Blank lines alone are nothing, never an Enter.
        #expect(block.add("  \n\n  ") == .complete([]))
        // Commands in a paste are carried out one by one, code between them as one input.
        #expect(
            block.add(":load 00\n\nx = 1\n\ny = 2\n:where")
                == .complete([":load 00", "x = 1\n\ny = 2", ":where"]))
        // A paste that leaves a bracket open asks for more.
        #expect(block.add("x = [1,\n 2,") == .incomplete)
        #expect(block.add(" 3]") == .complete(["x = [1,\n 2,\n 3]"]))
        #expect(PastedText.normalized("a\r\n\r\nb\r\n") == "a\n\nb")
        #expect(PastedText.normalized("c\rd\n\n") == "c\nd")
        // Onto the auto-indent: a block from the left margin is indented with it...
        let margin = PastedText.placed("if t:\n    print(t)\n\nprint(1)", afterIndentation: "    ")
        #expect(margin.text == "if t:\n        print(t)\n\n    print(1)" && !margin.replacesIndentation)
        // ...and one that brings its own indentation replaces it.
        let own = PastedText.placed("    if t:\n        print(t)", afterIndentation: "    ")
        #expect(own.text == "    if t:\n        print(t)" && own.replacesIndentation)
        #expect(PastedText.placed("x", afterIndentation: "    ") == ("x", false))
    }

    @Test func reverseSearchReadsLikeBash() {
        var search = HistorySearch(entries: ["print(y)", "x = 42", "print(x)"], original: "typed")
        #expect(search.prompt == "(reverse-i-search)`': ")
        #expect(search.line == "typed")
        search.type("pr")
        #expect(search.line == "print(y)" && search.prompt == "(reverse-i-search)`pr': ")
        search.older()
        #expect(search.line == "print(x)")
        search.older()
        #expect(search.line == "print(x)" && search.prompt == "(failed reverse-i-search)`pr': ")
        search.deleteBackward()
        #expect(search.line == "print(y)" && !search.failed)
        search.type("=")
        #expect(search.line == "print(y)" && search.failed)
        search.deleteBackward()
        search.deleteBackward()
        #expect(search.line == "typed" && search.pattern == "")
        search.type("42")
        #expect(search.line == "x = 42" && search.cursorOffset == 4)
        var wide = HistorySearch(entries: ["丢弃 = 1"], original: "")
        wide.type("=")
        #expect(wide.cursorOffset == 3)
    }

    @Test func historyListsNumberedWithBlocksIndented() {
        let entries = (1...12).map { "x\($0) = \($0)" } + ["for t in x:\n    print(t)"]
        let lines = HistoryListing.lines(entries, last: 3, width: 80)
        #expect(lines == ["11  x11 = 11", "12  x12 = 12", "13  for t in x:", "        print(t)"])
        #expect(
            HistoryListing.lines(Array(entries.prefix(10)), last: 2, width: 80) == [
                " 9  x9 = 9", "10  x10 = 10",
            ])
        #expect(HistoryListing.lines(["丢弃法 = dropout(x, p=0.5)"], last: 5, width: 16) == ["1  丢弃法 = d..."])
    }

    @Test func theEditorCommandQuotesThePath() {
        #expect(ExternalEditor.shellQuoted("/home/a b/it's.txt") == "'/home/a b/it'\\''s.txt'")
    }
}
