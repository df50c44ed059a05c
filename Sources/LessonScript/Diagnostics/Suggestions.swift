/// The candidate most like `name`, for "did you mean ...?" hints, or `nil` if none is close.
///
/// Closeness is the optimal-string-alignment distance (Levenshtein plus swaps of adjacent
/// characters), allowed up to a third of the name's length and never more than 2, so short
/// names are only matched by near misses. A candidate differing only in case always wins.
/// Ties go to the alphabetically first candidate so hints do not depend on input order.
public func closestMatch(to name: String, among candidates: [String]) -> String? {
    let lowercased = name.lowercased()
    if let sameLetters = candidates.filter({ $0.lowercased() == lowercased }).min() {
        return sameLetters
    }
    let target = Array(name)
    let limit = min(2, (target.count + 1) / 3)
    var best: (distance: Int, candidate: String)?
    for candidate in candidates {
        let characters = Array(candidate)
        guard abs(characters.count - target.count) <= limit else { continue }
        let distance = editDistance(target, characters)
        guard distance <= limit else { continue }
        if let current = best, (current.distance, current.candidate) <= (distance, candidate) {
            continue
        }
        best = (distance, candidate)
    }
    return best?.candidate
}

/// The optimal-string-alignment distance between two character sequences.
func editDistance(_ source: [Character], _ target: [Character]) -> Int {
    if source.isEmpty { return target.count }
    if target.isEmpty { return source.count }
    // Three rows suffice: a swap looks back two rows.
    var previousPrevious = [Int](repeating: 0, count: target.count + 1)
    var previous = Array(0...target.count)
    var current = [Int](repeating: 0, count: target.count + 1)
    for i in 1...source.count {
        current[0] = i
        for j in 1...target.count {
            let cost = source[i - 1] == target[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                current[j] = min(current[j], previousPrevious[j - 2] + 1)
            }
        }
        (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[target.count]
}
