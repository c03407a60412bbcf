using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// Movement ops: views over the same storage (no copy), each with the backward that moves the gradient back.
/// </summary>
public static class ViewFunctions
{
    // y = x viewed as shape (x contiguous)         dx = g reshaped back
    public static Tensor Reshape(Tensor x, int[] shape)
    {
        shape = InferShape(x, shape);
        var source = x.IsContiguous ? x : RawOps.Contiguous(x);
        var y = new Tensor(source.Storage, shape, ShapeRules.ContiguousStrides(shape), source.Offset);
        if (!ReferenceEquals(source, x))
        {
            source.Dispose(); // the copy lives on as y's storage
        }

        var inputShape = x.ShapeRef;
        return Graph.Record("ReshapeBackward", y, [x], g => [g.Reshape(inputShape)], saved: []);
    }

    // y = x with dims reordered                      dx = g with the inverse order
    public static Tensor Permute(Tensor x, int[] order)
    {
        if (order.Length != x.Rank)
        {
            throw new ArgumentException($"permute: {order.Length} dims given for a tensor of rank {x.Rank}");
        }

        var wrapped = order.Select(d => ShapeRules.WrapDim("permute", d, x.Rank)).ToArray();
        if (wrapped.Distinct().Count() != wrapped.Length)
        {
            throw new ArgumentException($"permute: dims ({string.Join(", ", order)}) repeat a dimension");
        }

        var shape = wrapped.Select(d => x.ShapeRef[d]).ToArray();
        var strides = wrapped.Select(d => x.StridesRef[d]).ToArray();
        var y = new Tensor(x.Storage, shape, strides, x.Offset);
        var inverse = new int[order.Length];
        for (int i = 0; i < wrapped.Length; i++)
        {
            inverse[wrapped[i]] = i;
        }

        return Graph.Record("PermuteBackward", y, [x], g => [g.Permute(inverse)], saved: []);
    }

    // y = x[..., start : start + length * step : step, ...] along dim     dx = g placed into zeros
    public static Tensor Slice(Tensor x, int dim, int start, int length, int step)
    {
        dim = ShapeRules.WrapDim("slice", dim, x.Rank);
        if (step <= 0)
        {
            throw new ArgumentException($"slice: step must be positive, got {step}");
        }

        int size = x.ShapeRef[dim];
        if (start < 0 || length < 0 || (length > 0 && start + (length - 1) * step >= size))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"slice: [{start}, {start + length * step}) step {step} is out of range for dimension {dim} of size {size}");
        }

        var shape = x.Shape;
        shape[dim] = length;
        var strides = x.Strides;
        strides[dim] *= step;
        var y = new Tensor(x.Storage, shape, strides, x.Offset + start * x.StridesRef[dim]);
        return Graph.Record("SliceBackward", y, [x], g =>
        {
            var dx = Tensor.Zeros(x.ShapeRef, g.DType, g.Device);
            using var window = dx.Slice(dim, start, start + length * step, step);
            RawOps.CopyInto(window, g);
            return [dx];
        }, saved: []);
    }

    // y = x broadcast to shape (stride 0)           dx = g summed over the broadcast dims
    public static Tensor Expand(Tensor x, int[] shape)
    {
        if (shape.Length < x.Rank)
        {
            throw new ArgumentException($"expand: target {ShapeRules.Format(shape)} has fewer dims than {ShapeRules.Format(x.ShapeRef)}");
        }

        var target = (int[])shape.Clone();
        int lead = target.Length - x.Rank;
        for (int d = 0; d < target.Length; d++)
        {
            int own = d < lead ? 1 : x.ShapeRef[d - lead];
            if (target[d] == -1)
            {
                target[d] = own;
            }
            else if (own != 1 && own != target[d])
            {
                throw new ArgumentException($"expand: cannot expand {ShapeRules.Format(x.ShapeRef)} to {ShapeRules.Format(shape)} (dimension {d}: {own} vs {target[d]})");
            }
        }

        var y = new Tensor(x.Storage, target, RawOps.BroadcastStrides(x, target), x.Offset);
        return Graph.Record("ExpandBackward", y, [x], g => [g.SumToShape(x.ShapeRef)], saved: []);
    }

    // y = copy of x in row-major order             dx = g
    public static Tensor Contiguous(Tensor x)
    {
        if (x.IsContiguous)
        {
            return x;
        }

        var y = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
        RawOps.CopyInto(y, x);
        return Graph.Record("ContiguousBackward", y, [x], g => [g], saved: []);
    }

    // y = x converted to another dtype             dx = g converted back
    public static Tensor ToDType(Tensor x, DType dtype)
    {
        if (x.DType == dtype)
        {
            return x;
        }

        var y = RawOps.Empty(x.ShapeRef, dtype, x.Device);
        RawOps.CopyInto(y, x);
        if (!dtype.IsFloatingPoint())
        {
            return y;
        }

        return Graph.Record("ToCopyBackward", y, [x], g => [x.DType.IsFloatingPoint() ? g.To(x.DType) : null], saved: []);
    }

    // y = x copied to another device                dx = g copied back
    public static Tensor ToDevice(Tensor x, Device device)
    {
        if (x.Device == device)
        {
            return x;
        }

        var y = RawOps.MoveTo(x, device);
        return Graph.Record("ToCopyBackward", y, [x], g => [g.To(x.Device)], saved: []);
    }

    private static int[] InferShape(Tensor x, int[] shape)
    {
        var result = (int[])shape.Clone();
        int unknown = Array.IndexOf(result, -1);
        if (unknown >= 0 && Array.LastIndexOf(result, -1) != unknown)
        {
            throw new ArgumentException($"reshape: only one dimension can be -1, got {ShapeRules.Format(shape)}");
        }

        long known = 1;
        for (int d = 0; d < result.Length; d++)
        {
            known *= d == unknown ? 1 : result[d];
        }

        if (unknown >= 0)
        {
            if (known == 0 || x.Numel % known != 0)
            {
                throw new ArgumentException($"reshape: shape {ShapeRules.Format(shape)} is invalid for input of size {x.Numel}");
            }

            result[unknown] = (int)(x.Numel / known);
        }
        else if (known != x.Numel)
        {
            throw new ArgumentException($"reshape: shape {ShapeRules.Format(shape)} is invalid for input of size {x.Numel} (shape {ShapeRules.Format(x.ShapeRef)})");
        }

        return result;
    }
}
