/** A logistic model: P(y = 1 | x) = σ(bias + weights · x). */
export interface LogisticModel {
  weights: number[];
  bias: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), on the summed log-loss: 1 is scikit-learn's default C = 1 */
  l2: number;
  maxIterations: number;
}

const DEFAULTS: LogisticOptions = { l2: 1, maxIterations: 50 };

/**
 * Fitted by Newton's method (iteratively reweighted least squares): a few dense iterations for a few
 * dozen features, deterministic, no learning rate to tune. Stops when no coefficient moves by 1e-8.
 */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly number[], options: Partial<LogisticOptions> = {}): LogisticModel {
  const { l2, maxIterations } = { ...DEFAULTS, ...options };
  if (rows.length !== labels.length) throw new Error(`fitLogistic: ${rows.length} rows, ${labels.length} labels`);
  const features = rows[0]?.length ?? 0;
  const size = features + 1;
  // Coefficient `features` is the bias.
  const beta = new Float64Array(size);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = new Float64Array(size);
    const hessian = Array.from({ length: size }, () => new Float64Array(size));
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const p = sigmoid(linear(beta, row));
      const residual = p - labels[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      for (let a = 0; a < size; a++) {
        const xa = a === features ? 1 : row[a]!;
        if (xa === 0) continue;
        gradient[a]! += residual * xa;
        const hessianRow = hessian[a]!;
        for (let b = 0; b <= a; b++) {
          const xb = b === features ? 1 : row[b]!;
          hessianRow[b]! += w * xa * xb;
        }
      }
    }
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < a; b++) hessian[b]![a] = hessian[a]![b]!;
      if (a < features) {
        gradient[a]! += l2 * beta[a]!;
        hessian[a]![a]! += l2;
      }
    }
    const step = solve(hessian, gradient);
    let largest = 0;
    for (let a = 0; a < size; a++) {
      beta[a]! -= step[a]!;
      largest = Math.max(largest, Math.abs(step[a]!));
    }
    if (largest < 1e-8) break;
  }
  return { weights: [...beta.subarray(0, features)], bias: beta[features]! };
}

export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  let z = model.bias;
  for (let a = 0; a < model.weights.length; a++) z += model.weights[a]! * row[a]!;
  return sigmoid(z);
}

function linear(beta: Float64Array, row: readonly number[]): number {
  let z = beta[row.length]!;
  for (let a = 0; a < row.length; a++) z += beta[a]! * row[a]!;
  return z;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Gaussian elimination with partial pivoting; a singular direction gets no step. */
function solve(matrix: readonly Float64Array[], vector: Float64Array): Float64Array {
  const n = vector.length;
  const a = matrix.map((row, i) => Float64Array.from([...row, vector[i]!]));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const head = a[col]!;
    if (Math.abs(head[col]!) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const factor = a[r]![col]! / head[col]!;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * head[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    const row = a[r]!;
    if (Math.abs(row[r]!) < 1e-12) continue;
    let sum = row[n]!;
    for (let c = r + 1; c < n; c++) sum -= row[c]! * x[c]!;
    x[r] = sum / row[r]!;
  }
  return x;
}
