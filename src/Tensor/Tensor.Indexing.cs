using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>Matrix products, joining, splitting and indexing.</summary>
public sealed partial class Tensor
{
    /// <summary>torch.matmul: vectors, matrices and broadcast batches of matrices.</summary>
    public Tensor Matmul(Tensor other) => MatmulFunctions.Matmul(this, other);

    public static Tensor Cat(Tensor[] tensors, int dim = 0) => IndexingFunctions.Cat(tensors, dim);

    public static Tensor Stack(Tensor[] tensors, int dim = 0)
    {
        if (tensors.Length == 0)
        {
            throw new ArgumentException("stack: expected a non-empty list of tensors");
        }

        int d = ShapeRules.WrapDim("stack", dim, tensors[0].Rank + 1);
        foreach (var t in tensors)
        {
            if (!t.shape.AsSpan().SequenceEqual(tensors[0].shape))
            {
                throw new ArgumentException($"stack: all tensors need the same shape, got {ShapeRules.Format(tensors[0].shape)} and {ShapeRules.Format(t.shape)}");
            }
        }

        return Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>Views of consecutive pieces of <paramref name="splitSize"/> along dim (the last may be smaller).</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        int d = ShapeRules.WrapDim("split", dim, Rank);
        if (splitSize <= 0)
        {
            throw new ArgumentException($"split: size must be positive, got {splitSize}");
        }

        var pieces = new List<Tensor>();
        for (int start = 0; start < shape[d]; start += splitSize)
        {
            pieces.Add(Narrow(d, start, Math.Min(splitSize, shape[d] - start)));
        }

        return [.. pieces];
    }

    /// <summary>torch.chunk: at most <paramref name="chunks"/> pieces of ceil(size / chunks).</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        int d = ShapeRules.WrapDim("chunk", dim, Rank);
        return Split(Math.Max(1, (shape[d] + chunks - 1) / chunks), d);
    }

    public Tensor Gather(int dim, Tensor index) => IndexingFunctions.Gather(this, dim, index);

    public Tensor ScatterAdd(int dim, Tensor index, Tensor source) => IndexingFunctions.ScatterAdd(this, dim, index, source);

    public Tensor IndexSelect(int dim, Tensor index) => IndexingFunctions.IndexSelect(this, dim, index);

    public Tensor MaskedFill(Tensor mask, double value) => IndexingFunctions.MaskedFill(this, mask, value);

    /// <summary>One-hot encoding of an integer tensor: shape (..., numClasses), int64 as PyTorch (built on the host, returned on this tensor's device).</summary>
    public Tensor OneHot(int numClasses)
    {
        if (DType is not (DType.Int64 or DType.Int32))
        {
            throw new ArgumentException($"one_hot: needs an integer tensor, got {DType.Name()}");
        }

        var labels = ToArray<long>();
        var result = new long[labels.Length * numClasses];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= numClasses)
            {
                throw new ArgumentOutOfRangeException(nameof(numClasses), $"one_hot: class {labels[i]} is outside [0, {numClasses})");
            }

            result[i * numClasses + labels[i]] = 1;
        }

        return FromArray(result, [.. shape, numClasses]).To(Device);
    }
}
