// The libFuzzer target over the language's parser, its evaluator and the lesson parser
// (`make fuzz`). Only declarations here: a normal build compiles this file to an empty program,
// and the fuzz build (`--sanitize fuzzer`) links libFuzzer's own main instead.
import LessonScript
import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// One input, as libFuzzer calls it: parse it as a program, run it with limits, and parse it as
/// a lesson. A crash, a failed check of an error's location, or a hang past libFuzzer's timeout
/// is a finding; errors are expected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    FuzzHarness.run(text)
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    Allocator.preferReuse()
    return 0
}
