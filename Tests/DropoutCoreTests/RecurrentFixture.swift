import Foundation

@testable import DropoutCore

/// The fixture `scripts/make_fixtures.py` writes from numpy (`recurrent.json`): cells, recurrent
/// dropout variants and unrolled sequences, forward values and gradients of a weighted sum.
struct RecurrentFixture: Decodable {
    /// A tensor as the fixture writes it.
    struct Values: Decodable {
        var shape: [Int]
        var data: [Double]
        var tensor: Tensor { Tensor(shape: Shape(shape), scalars: data) }
    }

    /// One cell call: inputs, the loss weights on its outputs, outputs and gradients.
    struct Cell: Decodable {
        var name: String
        var cell: String
        var inputs: [String: Values]
        var lossWeights: [String: Values]
        var outputs: [String: Values]
        var gradients: [String: Values]

        enum CodingKeys: String, CodingKey {
            case name, cell, inputs, outputs, gradients
            case lossWeights = "loss_weights"
        }
    }

    /// Zoneout with a given mask (training) or in inference.
    struct Zoneout: Decodable {
        var name: String
        var training: Bool
        var p: Double
        var hPrev: Values
        var hNew: Values
        var mask: Values?
        var lossWeights: Values
        var output: Values
        var gradients: [String: Values]

        enum CodingKeys: String, CodingKey {
            case name, training, p, mask, output, gradients
            case hPrev = "h_prev"
            case hNew = "h_new"
            case lossWeights = "loss_weights"
        }
    }

    /// A variant that draws its own mask after `np.random.seed(seed)`.
    struct DrawCase: Decodable {
        var name: String
        var op: String
        var seed: UInt32
        var p: Double
        var shape: [Int]?
        var input: Values?
        var hPrev: Values?
        var hNew: Values?
        var mask: Values?
        var lossWeights: Values?
        var output: Values
        var gradient: Values?
        var gradients: [String: Values]?

        enum CodingKeys: String, CodingKey {
            case name, op, seed, p, shape, input, mask, output, gradient, gradients
            case hPrev = "h_prev"
            case hNew = "h_new"
            case lossWeights = "loss_weights"
        }
    }

    /// A sequence unrolled through time with every mask given, and its BPTT gradients.
    struct Sequence: Decodable {
        var name: String
        var cell: String
        var steps: Int
        var inputs: [String: Values]
        var masks: [String: Values]
        var lossWeights: Values
        var outputs: Values
        var gradients: [String: Values]

        enum CodingKeys: String, CodingKey {
            case name, cell, steps, inputs, masks, outputs, gradients
            case lossWeights = "loss_weights"
        }
    }

    var numpyVersion: String
    var cells: [Cell]
    var zoneout: [Zoneout]
    var draws: [DrawCase]
    var sequences: [Sequence]

    enum CodingKeys: String, CodingKey {
        case cells, zoneout, draws, sequences
        case numpyVersion = "numpy_version"
    }

    static let shared: RecurrentFixture = {
        let url = Bundle.module.url(
            forResource: "recurrent", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(RecurrentFixture.self, from: Data(contentsOf: url))
    }()
}
