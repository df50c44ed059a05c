import DropoutCore
import LessonScript

/// numpy forms of the DropConnect and recurrent built-ins.
extension NumpyTranslator {
    mutating func translateDropConnect(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        nil
    }

    mutating func translateRecurrent(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        nil
    }
}
