using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>Differentiable reductions and normalisations along dimensions, forward and backward side by side.</summary>
public static class ReductionFunctions
{
    // y = sum over dims          dx = g broadcast back over the reduced dims
    public static Tensor Sum(Tensor x, int[] dims, bool keepDim)
    {
        var reduced = ReducedMask("sum", x.Rank, dims);
        var y = RawOps.Sum(x, reduced, keepDim);
        return Graph.Record("SumBackward", y, [x], g => [g.Reshape(RawOps.ReducedShape(x.ShapeRef, reduced, true)).Expand(x.ShapeRef).Contiguous()],
            saved: []);
    }

    // y = mean over dims         dx = g / n broadcast
    public static Tensor Mean(Tensor x, int[] dims, bool keepDim)
    {
        RawOps.RequireFloat("mean", x);
        var reduced = ReducedMask("mean", x.Rank, dims);
        long count = 1;
        for (int d = 0; d < x.Rank; d++)
        {
            count *= reduced[d] ? x.ShapeRef[d] : 1;
        }

        var y = RawOps.Sum(x, reduced, keepDim);
        RawOps.UnaryInto(y, y, UnaryOp.Affine, 1.0 / count, 0.0);
        return Graph.Record("MeanBackward", y, [x], g =>
            [g.Reshape(RawOps.ReducedShape(x.ShapeRef, reduced, true)).Mul(1.0 / count).Expand(x.ShapeRef).Contiguous()], saved: []);
    }

    // values, indices = max (min) along dim      dx = g scattered to the winning positions
    public static (Tensor Values, Tensor Indices) MaxAlongDim(Tensor x, int dim, bool keepDim, bool takeMin)
    {
        dim = ShapeRules.WrapDim(takeMin ? "min" : "max", dim, x.Rank);
        if (x.Rank == 0)
        {
            return (x.Clone(), Tensor.Zeros([], DType.Int64, x.Device));
        }

        var (values, indices) = RawOps.MaxAlongDim(x, dim, keepDim, takeMin);
        Graph.Record(takeMin ? "MinBackward" : "MaxBackward", values, [x], g =>
        {
            var keptG = keepDim ? g : g.Unsqueeze(dim);
            var keptIndex = keepDim ? indices : indices.Unsqueeze(dim);
            return [Tensor.Zeros(x.ShapeRef, x.DType, x.Device).ScatterAdd(dim, keptIndex, keptG)];
        }, saved: [indices]);
        return (values, indices);
    }

    // y = max over all elements  dx = g split evenly among the maxima (PyTorch's rule for the full reduction)
    public static Tensor MaxAll(Tensor x, bool takeMin)
    {
        var flat = x.Reshape(-1);
        var (value, _) = RawOps.MaxAlongDim(flat, 0, false, takeMin);
        return Graph.Record(takeMin ? "MinBackward" : "MaxBackward", value, [x], g =>
        {
            var isMax = RawOps.Compare(x, value, CompareOp.Equal).To(x.DType);
            return [isMax.Mul(g.Div(isMax.Sum()))];
        }, saved: [x, value]);
    }

    // y = softmax(x) along dim  (log: log_softmax)
    public static Tensor Softmax(Tensor x, int dim, bool log)
    {
        RawOps.RequireFloat(log ? "log_softmax" : "softmax", x);
        dim = ShapeRules.WrapDim(log ? "log_softmax" : "softmax", dim, x.Rank);
        var input = RawOps.Contiguous(x);
        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        var y = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
        if (!x.Device.IsCpu)
        {
            DeviceReductions.SoftmaxForward(input, y, dim, log);
        }
        else if (x.DType == DType.Float32)
        {
            SoftmaxKernels.Forward(input.Data<float>(), input.Offset, y.Data<float>(), outer, n, inner, log);
        }
        else
        {
            SoftmaxKernels.Forward(input.Data<double>(), input.Offset, y.Data<double>(), outer, n, inner, log);
        }

        DisposeCopy(input, x);

        return Graph.Record(log ? "LogSoftmaxBackward" : "SoftmaxBackward", y, [x], g =>
        {
            var gc = RawOps.Contiguous(g);
            var dx = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
            if (!x.Device.IsCpu)
            {
                DeviceReductions.SoftmaxBackward(y, gc, dx, dim, log);
            }
            else if (x.DType == DType.Float32)
            {
                SoftmaxKernels.Backward(y.Data<float>(), gc.Data<float>(), gc.Offset, dx.Data<float>(), outer, n, inner, log);
            }
            else
            {
                SoftmaxKernels.Backward(y.Data<double>(), gc.Data<double>(), gc.Offset, dx.Data<double>(), outer, n, inner, log);
            }

            DisposeCopy(gc, g);
            return [dx];
        }, saved: [y]);
    }

    // y = cumsum(x) along dim   dx = reverse cumsum of g
    public static Tensor Cumsum(Tensor x, int dim)
    {
        RawOps.RequireFloat("cumsum", x);
        dim = ShapeRules.WrapDim("cumsum", dim, x.Rank);
        var y = Scan(x, dim, reverse: false);
        return Graph.Record("CumsumBackward", y, [x], g => [Scan(g, dim, reverse: true)], saved: []);
    }

    private static Tensor Scan(Tensor x, int dim, bool reverse)
    {
        var input = x.Contiguous();
        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        var y = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
        if (!x.Device.IsCpu)
        {
            DeviceReductions.Cumsum(input, y, dim, reverse);
        }
        else if (x.DType == DType.Float32)
        {
            ScanKernels.Cumsum(input.Data<float>(), input.Offset, y.Data<float>(), outer, n, inner, reverse);
        }
        else
        {
            ScanKernels.Cumsum(input.Data<double>(), input.Offset, y.Data<double>(), outer, n, inner, reverse);
        }

        return y;
    }

    public static bool[] ReducedMask(string op, int rank, int[] dims)
    {
        var reduced = new bool[rank];
        if (dims.Length == 0)
        {
            Array.Fill(reduced, true);
            return reduced;
        }

        foreach (int d in dims)
        {
            int w = ShapeRules.WrapDim(op, d, rank);
            if (reduced[w])
            {
                throw new ArgumentException($"{op}: dimension {d} appears twice");
            }

            reduced[w] = true;
        }

        return reduced;
    }
}
