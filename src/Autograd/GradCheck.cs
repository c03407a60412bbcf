using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>
/// Compares autograd's gradients with central finite differences in float64. A non-scalar output is reduced to
/// L = sum(output * W) with fixed random weights W, so every output element's gradient path is exercised.
/// </summary>
public static class GradCheck
{
    public sealed record Result(bool Passed, int CheckedElements, int WorstInput, int WorstElement, double Analytic, double Numeric, double Error)
    {
        public override string ToString() => Passed
            ? $"gradcheck passed on {CheckedElements} elements (worst error {Error:E2})"
            : $"gradcheck failed: input {WorstInput}, element {WorstElement}: analytic {Analytic:G10} vs numeric {Numeric:G10} (error {Error:E2})";
    }

    /// <param name="function">The op under test; called many times with the same inputs perturbed.</param>
    /// <param name="inputs">float64 tensors; those with RequiresGrad are checked.</param>
    /// <param name="tolerance">Pass when |analytic - numeric| ≤ tolerance * (1 + |numeric|).</param>
    public static Result Check(Func<Tensor[], Tensor> function, Tensor[] inputs, double epsilon = 1e-6, double tolerance = 1e-5)
    {
        foreach (var input in inputs.Where(t => t.RequiresGrad))
        {
            if (input.DType != DType.Float64)
            {
                throw new ArgumentException($"gradcheck needs float64 inputs, got {input.DType.Name()}");
            }

            input.Grad = null;
        }

        var output = function(inputs);
        var weights = Tensor.Rand(output.ShapeRef, -1, 1, DType.Float64, new Generator(1234));
        Tensor Objective() => function(inputs).Mul(weights).Sum();
        output.Mul(weights).Sum().Backward();

        var worst = new Result(true, 0, -1, -1, 0, 0, 0);
        int checkedCount = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            if (!input.RequiresGrad)
            {
                continue;
            }

            var analytic = input.Grad?.ToDoubleArray() ?? new double[input.Numel];
            var storage = (double[])input.Storage.Data;
            var offsets = StorageOffsets(input);
            for (int e = 0; e < offsets.Length; e++)
            {
                double original = storage[offsets[e]];
                double plus, minus;
                using (GradMode.NoGrad())
                {
                    storage[offsets[e]] = original + epsilon;
                    plus = Objective().Item();
                    storage[offsets[e]] = original - epsilon;
                    minus = Objective().Item();
                    storage[offsets[e]] = original;
                }

                double numeric = (plus - minus) / (2 * epsilon);
                double error = Math.Abs(analytic[e] - numeric) / (1 + Math.Abs(numeric));
                checkedCount++;
                if (double.IsNaN(error) || error > worst.Error)
                {
                    worst = new Result(!(error > tolerance) && !double.IsNaN(error), 0, i, e, analytic[e], numeric, error);
                }
            }
        }

        return worst with { CheckedElements = checkedCount, Passed = worst.Passed && checkedCount > 0 };
    }

    /// <summary>Storage position of each logical element, in row-major order.</summary>
    private static int[] StorageOffsets(Tensor t)
    {
        var shape = t.Shape;
        var strides = t.Strides;
        var offsets = new int[t.Numel];
        for (int flat = 0; flat < offsets.Length; flat++)
        {
            int rest = flat, at = t.Offset;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                at += rest % shape[d] * strides[d];
                rest /= shape[d];
            }

            offsets[flat] = at;
        }

        return offsets;
    }
}
