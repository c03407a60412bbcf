using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// The device half of reductions, softmax and cumsum. Kernels reduce the middle dim of [outer, reduce, inner]; a sum
/// over several dims is a sequence of those, one per run of adjacent reduced dims, innermost run first.
/// </summary>
internal static class DeviceReductions
{
    /// <summary>y (dense, the kept dims in order) = sum of float32 <paramref name="x"/> over the dims flagged in reduced.</summary>
    public static void Sum(Tensor x, bool[] reduced, Tensor y)
    {
        DeviceTensor.RequireFloat32("sum", x);
        var source = DeviceTensor.Packed(x);
        var kernels = x.Kernels();
        var (sizes, isReduced) = Runs(x.ShapeRef, reduced);
        var current = source.Buffer();
        bool summed = false;
        while (isReduced.Contains(true))
        {
            int r = isReduced.LastIndexOf(true);
            long outer = Product(sizes, 0, r), inner = Product(sizes, r + 1, sizes.Count);
            bool lastPass = isReduced.Count(f => f) == 1;
            var target = lastPass ? y.Buffer() : kernels.Backend.Allocate(DType.Float32, outer * inner);
            kernels.ReduceSum(target, current, checked((int)outer), checked((int)sizes[r]), checked((int)inner));
            if (summed)
            {
                current.Dispose();  // an intermediate of this sum: back to the cache (later launches queue after this one)
            }

            current = target;
            summed = true;
            RemoveRun(sizes, isReduced, r);
        }

        if (!summed)
        {
            // only size-1 dims were reduced: the sum is the tensor itself
            var shape = DeviceTensor.Longs(y.ShapeRef);
            kernels.Copy(y.Buffer(), y.KernelView(), source.Buffer(), StridedView.Contiguous(shape), shape);
        }
    }

    /// <summary>values (float32) and int64 indices of the max (min: of -x) along one dim, both dense [outer, inner].</summary>
    public static void MaxAlongDim(Tensor x, int dim, bool takeMin, Tensor values, Tensor indices)
    {
        DeviceTensor.RequireFloat32(takeMin ? "min" : "max", x);
        var source = DeviceTensor.Packed(x);
        if (takeMin)
        {
            source = RawOps.Unary(source, Kernels.UnaryOp.Neg);
        }

        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        x.Kernels().ReduceMax(values.Buffer(), indices.Buffer(), source.Buffer(), outer, n, inner);
        if (takeMin)
        {
            RawOps.UnaryInto(values, values, Kernels.UnaryOp.Neg);
        }
    }

    public static void SoftmaxForward(Tensor x, Tensor y, int dim, bool log)
    {
        DeviceTensor.RequireFloat32(log ? "log_softmax" : "softmax", x);
        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        x.Kernels().SoftmaxForward(y.Buffer(), DeviceTensor.Packed(x).Buffer(), outer, n, inner, log);
    }

    public static void SoftmaxBackward(Tensor y, Tensor gradOutput, Tensor gradInput, int dim, bool log)
    {
        var (outer, n, inner) = RawOps.AroundDim(y.ShapeRef, dim);
        y.Kernels().SoftmaxBackward(gradInput.Buffer(), DeviceTensor.Packed(gradOutput).Buffer(), y.Buffer(), outer, n, inner, log);
    }

    public static void Cumsum(Tensor x, Tensor y, int dim, bool reverse)
    {
        DeviceTensor.RequireFloat32("cumsum", x);
        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        x.Kernels().Cumsum(y.Buffer(), DeviceTensor.Packed(x).Buffer(), outer, n, inner, reverse);
    }

    // Adjacent dims with the same flag merged, size-1 dims dropped: [2, 3 | 4 | 5, 6] → (6 kept, 4 reduced, 30 kept).
    private static (List<long> Sizes, List<bool> Reduced) Runs(int[] shape, bool[] reduced)
    {
        var sizes = new List<long>();
        var flags = new List<bool>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            if (flags.Count > 0 && flags[^1] == reduced[d])
            {
                sizes[^1] *= shape[d];
            }
            else
            {
                sizes.Add(shape[d]);
                flags.Add(reduced[d]);
            }
        }

        return (sizes, flags);
    }

    private static void RemoveRun(List<long> sizes, List<bool> reduced, int r)
    {
        sizes.RemoveAt(r);
        reduced.RemoveAt(r);
        if (r > 0 && r < sizes.Count && reduced[r - 1] == reduced[r])
        {
            sizes[r - 1] *= sizes[r];
            sizes.RemoveAt(r);
            reduced.RemoveAt(r);
        }
    }

    private static long Product(List<long> sizes, int from, int to)
    {
        long p = 1;
        for (int i = from; i < to; i++)
        {
            p *= sizes[i];
        }

        return p;
    }
}
