using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Reductions over any set of dimensions of a strided input (device twin: Ilgpu/ReductionKernels).
/// The kept dimensions index the (contiguous) output in order; the reduced ones are walked per output element,
/// with a vectorised inner loop when the innermost reduced dimension is contiguous.
/// </summary>
public static class ReductionKernels
{
    // y[kept...] = sum over reduced dims of x      x: any strides; y: contiguous, numel = product of kept sizes
    public static void Sum<T>(int[] shape, T[] x, int xOffset, int[] xStrides, bool[] reduced, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = new ReductionPlan(shape, xStrides, reduced);
        if (plan.IsRowSum(out int rows, out int rowStride))
        {
            SumRows(x, xOffset, rows, rowStride, y, (int)plan.OutputCount);
            return;
        }

        CpuParallel.For(plan.OutputCount, plan.ReducedCount, (start, end) =>
        {
            Span<int> counter = stackalloc int[plan.ReducedShape.Length];
            for (long o = start; o < end; o++)
            {
                int baseOffset = xOffset + plan.KeptOffset(o);
                y[o] = plan.SumFrom(x, baseOffset, counter);
            }
        });
    }

    // y[0..W) = sum over r of x[offset + r*rowStride .. + W): a bias gradient (N, W) → (W). Summing a column at a
    // time would touch a new cache line per element; adding whole rows streams the input once. Workers split columns.
    private static void SumRows<T>(T[] x, int xOffset, int rows, int rowStride, T[] y, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int ColumnsPerTask = 64;
        CpuParallel.For((width + ColumnsPerTask - 1) / ColumnsPerTask, (long)rows * ColumnsPerTask, (start, end) =>
        {
            int c0 = (int)start * ColumnsPerTask, c1 = Math.Min(width, (int)end * ColumnsPerTask);
            var sum = y.AsSpan(c0, c1 - c0);
            sum.Clear();
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(sum, x.AsSpan(xOffset + r * rowStride + c0, c1 - c0), sum);
            }
        });
    }

    // y[outer, inner] = max (or min) over x[outer, :, inner] of one dimension, with its position in indices
    //   x: any strides over `shape`; dim: the reduced dimension; y, indices: contiguous over the other dims
    public static void MaxAlongDim<T>(int[] shape, T[] x, int xOffset, int[] xStrides, int dim, bool takeMin,
        T[] y, long[]? indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reduced = new bool[shape.Length];
        reduced[dim] = true;
        var plan = new ReductionPlan(shape, xStrides, reduced);
        int n = shape[dim], stride = xStrides[dim];
        CpuParallel.For(plan.OutputCount, n, (start, end) =>
        {
            for (long o = start; o < end; o++)
            {
                int offset = xOffset + plan.KeptOffset(o);
                T best = x[offset];
                int bestIndex = 0;
                for (int i = 1; i < n && !T.IsNaN(best); i++)
                {
                    T v = x[offset + i * stride];
                    if (T.IsNaN(v) || (takeMin ? v < best : v > best))
                    {
                        best = v;
                        bestIndex = i;
                    }
                }

                y[o] = best;
                if (indices != null)
                {
                    indices[o] = bestIndex;
                }
            }
        });
    }

    /// <summary>Splits the dims into kept (indexing the output) and reduced, each coalesced on the input strides.</summary>
    private sealed class ReductionPlan
    {
        private readonly int[] keptShape;
        private readonly int[] keptStrides;

        public ReductionPlan(int[] shape, int[] strides, bool[] reduced)
        {
            var kept = new List<int>();
            var gone = new List<int>();
            for (int d = 0; d < shape.Length; d++)
            {
                (reduced[d] ? gone : kept).Add(d);
            }

            (keptShape, keptStrides) = Merge(kept, shape, strides);
            (ReducedShape, ReducedStrides) = Merge(gone, shape, strides);
            OutputCount = keptShape.Aggregate(1L, (a, b) => a * b);
            ReducedCount = ReducedShape.Aggregate(1L, (a, b) => a * b);
        }

        public int[] ReducedShape { get; }

        public int[] ReducedStrides { get; }

        public long OutputCount { get; }

        public long ReducedCount { get; }

        /// <summary>One contiguous kept block (stride 1) repeated along one reduced dimension: a sum of rows.</summary>
        public bool IsRowSum(out int rows, out int rowStride)
        {
            bool match = keptShape.Length == 1 && keptStrides[0] == 1 && ReducedShape.Length == 1 && ReducedStrides[0] >= keptShape[0];
            rows = match ? ReducedShape[0] : 0;
            rowStride = match ? ReducedStrides[0] : 0;
            return match;
        }

        public int KeptOffset(long index)
        {
            int offset = 0;
            for (int d = keptShape.Length - 1; d >= 0 && index > 0; d--)
            {
                offset += (int)(index % keptShape[d]) * keptStrides[d];
                index /= keptShape[d];
            }

            return offset;
        }

        public T SumFrom<T>(T[] x, int baseOffset, Span<int> counter)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int rank = ReducedShape.Length;
            if (rank == 0)
            {
                return x[baseOffset];
            }

            int n = ReducedShape[^1], s = ReducedStrides[^1];
            counter.Clear();
            T total = T.Zero;
            while (true)
            {
                int offset = baseOffset;
                for (int d = 0; d < rank - 1; d++)
                {
                    offset += counter[d] * ReducedStrides[d];
                }

                if (s == 1)
                {
                    total += TensorPrimitives.Sum<T>(x.AsSpan(offset, n));
                }
                else
                {
                    T row = T.Zero;
                    for (int i = 0; i < n; i++)
                    {
                        row += x[offset + i * s];
                    }

                    total += row;
                }

                int dim = rank - 2;
                while (dim >= 0 && ++counter[dim] == ReducedShape[dim])
                {
                    counter[dim--] = 0;
                }

                if (dim < 0)
                {
                    return total;
                }
            }
        }

        private static (int[] Shape, int[] Strides) Merge(List<int> dims, int[] shape, int[] strides)
        {
            var mergedShape = new List<int>();
            var mergedStrides = new List<int>();
            foreach (int d in dims)
            {
                if (shape[d] == 1)
                {
                    continue;
                }

                if (mergedShape.Count > 0 && mergedStrides[^1] == strides[d] * shape[d])
                {
                    mergedShape[^1] *= shape[d];
                    mergedStrides[^1] = strides[d];
                }
                else
                {
                    mergedShape.Add(shape[d]);
                    mergedStrides.Add(strides[d]);
                }
            }

            return ([.. mergedShape], [.. mergedStrides]);
        }
    }
}
