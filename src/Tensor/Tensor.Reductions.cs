using IlgpuNet.Autograd.Functions;

namespace IlgpuNet.Tensors;

/// <summary>Reductions over any set of dims (keepDim as PyTorch), softmax, cumsum.</summary>
public sealed partial class Tensor
{
    /// <summary>Sum of all elements (a 0-d tensor).</summary>
    public Tensor Sum() => ReductionFunctions.Sum(this, [], false);

    public Tensor Sum(int dim, bool keepDim = false) => ReductionFunctions.Sum(this, [dim], keepDim);

    public Tensor Sum(int[] dims, bool keepDim = false) => ReductionFunctions.Sum(this, dims, keepDim);

    public Tensor Mean() => ReductionFunctions.Mean(this, [], false);

    public Tensor Mean(int dim, bool keepDim = false) => ReductionFunctions.Mean(this, [dim], keepDim);

    public Tensor Mean(int[] dims, bool keepDim = false) => ReductionFunctions.Mean(this, dims, keepDim);

    /// <summary>Variance over dims; unbiased divides by n - 1 (torch.var's default).</summary>
    public Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        var mask = ReductionFunctions.ReducedMask("var", Rank, dims);
        int n = 1;
        for (int d = 0; d < Rank; d++)
        {
            n *= mask[d] ? shape[d] : 1;
        }

        var centered = Sub(Mean(dims, keepDim: true));
        return centered.Square().Sum(dims, keepDim).Div(Math.Max(unbiased ? n - 1 : n, 0));
    }

    public Tensor Var(bool unbiased = true) => Var([], unbiased);

    public Tensor Std(int[] dims, bool unbiased = true, bool keepDim = false) => Var(dims, unbiased, keepDim).Sqrt();

    public Tensor Std(bool unbiased = true) => Var([], unbiased).Sqrt();

    /// <summary>Largest element (0-d).</summary>
    public Tensor Max() => ReductionFunctions.MaxAll(this, takeMin: false);

    public Tensor Min() => ReductionFunctions.MaxAll(this, takeMin: true);

    /// <summary>(values, int64 indices) along one dim.</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => ReductionFunctions.MaxAlongDim(this, dim, keepDim, false);

    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => ReductionFunctions.MaxAlongDim(this, dim, keepDim, true);

    public Tensor ArgMax(int dim, bool keepDim = false) => RawOps.MaxAlongDim(this, ShapeRules.WrapDim("argmax", dim, Rank), keepDim, false).Indices;

    public Tensor ArgMin(int dim, bool keepDim = false) => RawOps.MaxAlongDim(this, ShapeRules.WrapDim("argmin", dim, Rank), keepDim, true).Indices;

    /// <summary>log(sum(exp(x))) along dim, shifted by the (constant) max so it never overflows.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        var shift = Max(dim, keepDim: true).Values.Detach();
        shift = Where(shift.Abs().Lt(double.PositiveInfinity), shift, ZerosLike(shift));
        var result = Sub(shift).Exp().Sum(dim, keepDim: true).Log().Add(shift);
        return keepDim ? result : result.Squeeze(dim);
    }

    public Tensor Softmax(int dim) => ReductionFunctions.Softmax(this, dim, log: false);

    public Tensor LogSoftmax(int dim) => ReductionFunctions.Softmax(this, dim, log: true);

    public Tensor Cumsum(int dim) => ReductionFunctions.Cumsum(this, dim);
}
