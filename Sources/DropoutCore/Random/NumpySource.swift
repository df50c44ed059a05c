// TEMPORARY stand-in, replaced by the real implementation.
public struct NumpySource: RandomSource {
    public var generator: NumpyGenerator
    public var worlds: Int?

    public init(generator: NumpyGenerator = NumpyGenerator(seed: 0), worlds: Int? = nil) {
        self.generator = generator
        self.worlds = worlds
    }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        let count = request.shape.elementCount * (worlds ?? 1)
        switch request {
        case .uniform(let shape):
            return Draw(
                request: request,
                values: Tensor(
                    shape: shape, scalars: (0..<count).map { _ in generator.nextDouble() }, worlds: worlds))
        case .normal(let shape):
            return Draw(
                request: request,
                values: Tensor(
                    shape: shape, scalars: (0..<count).map { _ in generator.nextGaussian() }, worlds: worlds))
        case .bernoulli(let keep, let shape):
            let u = (0..<count).map { _ in generator.nextDouble() }
            return Draw(
                request: request,
                values: Tensor(shape: shape, scalars: u.map { $0 < keep ? 1 : 0 }, worlds: worlds),
                uniforms: Tensor(shape: shape, scalars: u, worlds: worlds))
        case .binomial(let n, let p, let shape):
            return Draw(
                request: request,
                values: Tensor(
                    shape: shape,
                    scalars: (0..<count).map { _ in Double(generator.binomial(trials: n, probability: p)) },
                    worlds: worlds))
        }
    }
}
