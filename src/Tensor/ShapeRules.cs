namespace IlgpuNet.Tensors;

/// <summary>Shape arithmetic: element counts, contiguous strides, broadcasting, dimension wrapping, and how shapes print.</summary>
public static class ShapeRules
{
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int s in shape)
        {
            n *= s;
        }

        if (n > int.MaxValue)
        {
            throw new ArgumentException($"shape {Format(shape)} has {n} elements; tensors are limited to 2^31 - 1 elements");
        }

        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= Math.Max(shape[d], 1);
        }

        return strides;
    }

    /// <summary>PyTorch's broadcasting: align right, sizes equal or one of them 1.</summary>
    public static int[] Broadcast(string op, int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db})");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>Wraps a negative dimension (-1 = last) and checks its range.</summary>
    public static int WrapDim(string op, int dim, int rank)
    {
        int wrapped = dim < 0 ? dim + Math.Max(rank, 1) : dim;
        if (wrapped < 0 || wrapped >= Math.Max(rank, 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for a tensor of rank {rank}");
        }

        return wrapped;
    }

    public static string Format(ReadOnlySpan<int> shape)
        => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";
}
