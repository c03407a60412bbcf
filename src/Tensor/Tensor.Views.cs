using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>Movement ops: views over the same storage; only Contiguous()/Clone() copy.</summary>
public sealed partial class Tensor
{
    /// <summary>A view with a new shape (one dim may be -1); copies first only when this view is not contiguous.</summary>
    public Tensor Reshape(params int[] shape) => ViewFunctions.Reshape(this, shape);

    /// <summary>Like Reshape, but refuses a non-contiguous tensor instead of copying (PyTorch's view).</summary>
    public Tensor View(params int[] shape)
        => IsContiguous ? Reshape(shape)
            : throw new InvalidOperationException($"view: tensor of shape {ShapeRules.Format(shape)} is not contiguous; use Reshape() or Contiguous()");

    public Tensor Permute(params int[] order) => ViewFunctions.Permute(this, order);

    public Tensor Transpose(int dim0, int dim1)
    {
        var order = Enumerable.Range(0, Rank).ToArray();
        int a = ShapeRules.WrapDim("transpose", dim0, Rank), b = ShapeRules.WrapDim("transpose", dim1, Rank);
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>Matrix transpose of a 2-D tensor.</summary>
    public Tensor T => Rank == 2 ? Transpose(0, 1) : throw new InvalidOperationException($"T: needs a 2-D tensor, got shape {ShapeRules.Format(shape)}");

    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeRules.WrapDim("unsqueeze", dim, Rank + 1);
        var newShape = shape.ToList();
        newShape.Insert(d, 1);
        return Reshape([.. newShape]);
    }

    /// <summary>Removes size-1 dims (all of them, or only <paramref name="dim"/> when it has size 1).</summary>
    public Tensor Squeeze(int? dim = null)
    {
        if (dim is int one)
        {
            int d = ShapeRules.WrapDim("squeeze", one, Rank);
            return shape[d] == 1 ? Reshape(shape.Where((_, i) => i != d).ToArray()) : this;
        }

        return Reshape(shape.Where(s => s != 1).ToArray());
    }

    /// <summary>Elements [start, start + length) of one dim, as a view.</summary>
    public Tensor Narrow(int dim, int start, int length) => ViewFunctions.Slice(this, dim, start, length, 1);

    /// <summary>Python's x[start:end:step] along one dim (negative start/end count from the end; end is clipped).</summary>
    public Tensor Slice(int dim, int start, int end, int step = 1)
    {
        int size = shape[ShapeRules.WrapDim("slice", dim, Rank)];
        start = Math.Clamp(start < 0 ? start + size : start, 0, size);
        end = Math.Clamp(end < 0 ? end + size : end, 0, size);
        int length = end > start ? (end - start + step - 1) / step : 0;
        return ViewFunctions.Slice(this, dim, start, length, step);
    }

    /// <summary>x[..., index, ...]: removes the dim.</summary>
    public Tensor Select(int dim, int index)
    {
        int d = ShapeRules.WrapDim("select", dim, Rank);
        int i = index < 0 ? index + shape[d] : index;
        return Narrow(d, i, 1).Squeeze(d);
    }

    public Tensor Expand(params int[] shape) => ViewFunctions.Expand(this, shape);

    public Tensor ExpandAs(Tensor other) => Expand(other.shape);

    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }

        int s = ShapeRules.WrapDim("flatten", startDim, Rank), e = ShapeRules.WrapDim("flatten", endDim, Rank);
        var newShape = shape[..s].Append(shape[s..(e + 1)].Aggregate(1, (a, b) => a * b)).Concat(shape[(e + 1)..]).ToArray();
        return Reshape(newShape);
    }

    public Tensor Contiguous() => ViewFunctions.Contiguous(this);

    /// <summary>A copy with its own storage (differentiable, like torch.clone).</summary>
    public Tensor Clone()
    {
        var copy = RawOps.Empty(shape, DType, Device);
        RawOps.CopyInto(copy, this);
        return Autograd.Graph.Record("CloneBackward", copy, [this], g => [g], saved: []);
    }

    /// <summary>The same storage, cut from the graph.</summary>
    public Tensor Detach() => new(Storage, shape, strides, Offset);

    public Tensor To(DType dtype) => ViewFunctions.ToDType(this, dtype);

    /// <summary>
    /// This tensor on <paramref name="device"/> (itself when it is there already): a dense copy whose storage lives on
    /// that device; ops on it run there. Differentiable: the gradient comes back to this tensor's device.
    /// </summary>
    public Tensor To(Device device) => ViewFunctions.ToDevice(this, device);

    /// <summary>This tensor on the CPU (itself when it is there already).</summary>
    public Tensor Cpu() => To(Device.Cpu);

    /// <summary>
    /// Moves this very tensor's elements to <paramref name="device"/>, as PyTorch's <c>param.data = param.data.to(device)</c>:
    /// the object (a parameter an optimizer or a layer holds) stays the same and its storage becomes a dense copy there;
    /// its gradient moves with it. Views taken of it before keep the old storage. Module.To(device) uses this.
    /// </summary>
    public void MoveDataTo(Device device)
    {
        if (device == Device)
        {
            return;
        }

        using var moved = RawOps.MoveTo(this, device);
        ReplaceStorage(moved.Storage);
        Offset = 0;
        ShapeRules.ContiguousStrides(shape).CopyTo(strides, 0);
        if (Grad is { } grad)
        {
            Grad = RawOps.MoveTo(grad, device);
        }
    }

    public Tensor Float() => To(DType.Float32);

    public Tensor Double() => To(DType.Float64);

    public Tensor Long() => To(DType.Int64);

    /// <summary>Sums a (broadcast) gradient back to <paramref name="target"/>'s shape: the backward of broadcasting.</summary>
    public Tensor SumToShape(int[] target)
    {
        if (shape.AsSpan().SequenceEqual(target))
        {
            return this;
        }

        int lead = Rank - target.Length;
        var dims = new List<int>();
        for (int d = 0; d < Rank; d++)
        {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1))
            {
                dims.Add(d);
            }
        }

        if (dims.Count == 0)
        {
            return Reshape(target);
        }

        using var summed = Sum([.. dims], keepDim: true);
        return summed.Reshape(target);
    }
}
