using System.Text;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>
/// An n-dimensional view (shape, strides, offset) over a <see cref="Storage"/>, with PyTorch's autograd state:
/// <see cref="RequiresGrad"/>, <see cref="Grad"/> and the node that produced it. Ops live in the partial files
/// beside this one; the differentiable ones record themselves through src/Autograd.
/// <para>
/// A tensor holds its storage until it is disposed; the memory goes back to the host pool once no tensor (a view
/// included) and no graph node that saved it for backward holds it any more. Dispose intermediates, or let them
/// leave a <c>using</c> scope, and the next tensor of their size reuses their memory, as in PyTorch; a tensor never
/// disposed is left to the garbage collector.
/// </para>
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private static long created;
    private readonly int[] shape;
    private readonly int[] strides;
    private bool requiresGrad;
    private bool disposed;
    private List<Func<Tensor, Tensor?>>? hooks;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        storage.Hold();
        Storage = storage;
        Serial = Interlocked.Increment(ref created);
        this.shape = shape;
        this.strides = strides;
        Offset = offset;
        Numel = ShapeRules.Numel(shape);
    }

    internal Tensor(Storage storage, int[] shape)
        : this(storage, shape, ShapeRules.ContiguousStrides(shape), 0)
    {
    }

    public Storage Storage { get; private set; }

    /// <summary>Creation order: a tensor made after another has a larger serial.</summary>
    internal long Serial { get; }

    /// <summary>The serial the next tensor will have.</summary>
    internal static long NextSerial => Interlocked.Read(ref created) + 1;

    /// <summary>
    /// Whether code outside this engine's control may keep a reference to this tensor (a hook saw it, or its owner
    /// said so): then <see cref="Dispose"/> leaves its memory to the garbage collector instead of the pool.
    /// </summary>
    public bool IsShared { get; private set; }

    /// <summary>
    /// Marks this tensor as one that code outside its owner's control may keep (a module's forward hook sees its
    /// output, a tensor hook its gradient): disposing it no longer gives its memory back early. Returns this tensor.
    /// </summary>
    public Tensor MarkShared()
    {
        IsShared = true;
        return this;
    }

    /// <summary>
    /// Lets go of this tensor's storage: once no other tensor over it (a view) and no graph node that saved it holds it,
    /// its memory goes back to the host pool for the next tensor of its size, as PyTorch frees a tensor when its last
    /// reference goes. The tensor must not be used afterwards (a read of released memory throws). Disposing twice, or
    /// disposing a <see cref="IsShared"/> tensor, does nothing.
    /// </summary>
    public void Dispose()
    {
        if (disposed || IsShared)
        {
            return;
        }

        disposed = true;
        Storage.Release();
    }

    /// <summary>Points this tensor at another storage (holding it), letting go of the one it had.</summary>
    private void ReplaceStorage(Storage storage)
    {
        storage.Hold();
        var old = Storage;
        Storage = storage;
        if (!disposed)
        {
            old.Release();
        }

        disposed = false;
    }

    /// <summary>A copy of the shape (mutating it does not change the tensor).</summary>
    public int[] Shape => (int[])shape.Clone();

    public int[] Strides => (int[])strides.Clone();

    public int Offset { get; private set; }

    public int Rank => shape.Length;

    public int Numel { get; }

    public DType DType => Storage.DType;

    public Device Device => Storage.Device;

    /// <summary>Human-readable name used in error messages and graph dumps (optional).</summary>
    public string? Name { get; set; }

    /// <summary>The size of one dimension; negative dims count from the end.</summary>
    public int Size(int dim) => shape[ShapeRules.WrapDim("size", dim, Rank)];

    internal int[] ShapeRef => shape;

    internal int[] StridesRef => strides;

    public bool IsContiguous
    {
        get
        {
            int expected = 1;
            for (int d = Rank - 1; d >= 0; d--)
            {
                if (shape[d] != 1 && strides[d] != expected)
                {
                    return false;
                }

                expected *= shape[d];
            }

            return true;
        }
    }

    // ---------------------------------------------------------------- autograd state

    /// <summary>Whether gradients flow to this tensor. Only leaves (tensors no op produced) may be switched.</summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (GradFn != null && !value)
            {
                throw new InvalidOperationException("requires_grad can only be turned off on leaf tensors; use Detach()");
            }

            if (value && !DType.IsFloatingPoint())
            {
                throw new InvalidOperationException($"only floating-point tensors can require gradients, this one is {DType.Name()}");
            }

            requiresGrad = value;
        }
    }

    /// <summary>
    /// Accumulated gradient of a leaf (or of a non-leaf after <see cref="RetainGrad"/>). A gradient read or set here may
    /// be kept by the caller, so it is shared (<see cref="IsShared"/>): zero_grad then leaves it to the garbage
    /// collector instead of giving its memory back to the pool, as it does with a gradient only the engine and the
    /// optimizers have touched.
    /// </summary>
    public Tensor? Grad
    {
        get => OwnGrad?.MarkShared();
        set => OwnGrad = value?.MarkShared();
    }

    /// <summary>.grad as the engine and the optimizers use it, without sharing it.</summary>
    internal Tensor? OwnGrad { get; set; }

    /// <summary>zero_grad(set_to_none): drops .grad, giving its memory back unless it is shared.</summary>
    internal void ReleaseGrad()
    {
        OwnGrad?.Dispose();
        OwnGrad = null;
    }

    /// <summary>The node that produced this tensor (null for leaves and for results computed without grad).</summary>
    public GradFn? GradFn { get; internal set; }

    public bool IsLeaf => GradFn == null;

    internal bool RetainsGrad { get; private set; }

    internal IReadOnlyList<Func<Tensor, Tensor?>>? Hooks => hooks;

    /// <summary>Keep .Grad on this non-leaf after backward (PyTorch's retain_grad).</summary>
    public Tensor RetainGrad()
    {
        RetainsGrad = true;
        return this;
    }

    /// <summary>
    /// Registers a hook called with this tensor's gradient during backward; returning a tensor replaces the gradient
    /// (PyTorch's register_hook). Grad-CAM captures activation gradients this way.
    /// </summary>
    public void RegisterHook(Func<Tensor, Tensor?> hook)
    {
        if (!requiresGrad)
        {
            throw new InvalidOperationException("cannot register a hook on a tensor that does not require grad");
        }

        (hooks ??= []).Add(hook);
    }

    /// <summary>Reverse-mode differentiation from this tensor; a non-scalar needs a seed gradient of its shape.</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
        => BackwardEngine.Run(this, gradient, retainGraph);

    internal void SetRequiresGradFromOp() => requiresGrad = true;

    // ---------------------------------------------------------------- element access

    internal T[] Data<T>()
        where T : unmanaged
        => Storage.Data as T[] ?? throw new InvalidOperationException($"tensor holds {DType.Name()}, not {typeof(T).Name}");

    /// <summary>The elements in row-major order, converted to double (any dtype; device tensors are copied to the host).</summary>
    public double[] ToDoubleArray() => Detach().OnHost().To(DType.Float64).ToArray<double>();

    /// <summary>The elements in row-major order as their own element type (device tensors are copied to the host).</summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        if (!Device.IsCpu)
        {
            return DeviceTransfer.ToHost(this).ToArray<T>();
        }

        var contiguous = Contiguous();
        var data = contiguous.Data<T>();
        return data.AsSpan(contiguous.Offset, Numel).ToArray();
    }

    public float[] ToArray() => ToArray<float>();

    /// <summary>The single value of a one-element tensor (loss.Item()); on a device it waits for the queued work.</summary>
    public double Item()
    {
        if (Numel != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with one element, this one has shape {ShapeRules.Format(shape)}");
        }

        if (!Device.IsCpu)
        {
            return DeviceTransfer.ToHost(this).Item();
        }

        int at = Offset;
        return Storage.Data switch
        {
            float[] f => f[at],
            double[] d => d[at],
            long[] l => l[at],
            int[] i => i[at],
            byte[] b => b[at],
            _ => throw new InvalidOperationException("unknown storage"),
        };
    }

    /// <summary>The element at a multi-index, as double.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public double this[params int[] index]
    {
        get
        {
            if (index.Length != Rank)
            {
                throw new ArgumentException($"index of rank {index.Length} for a tensor of rank {Rank}");
            }

            int at = Offset;
            for (int d = 0; d < Rank; d++)
            {
                int i = index[d] < 0 ? index[d] + shape[d] : index[d];
                if (i < 0 || i >= shape[d])
                {
                    throw new IndexOutOfRangeException($"index {index[d]} is out of bounds for dimension {d} with size {shape[d]}");
                }

                at += i * strides[d];
            }

            return new Tensor(Storage, [], [], at).Item();
        }
    }

    private Tensor OnHost() => Device.IsCpu ? this : DeviceTransfer.ToHost(this);

    // ---------------------------------------------------------------- printing

    /// <summary>PyTorch-like: values (abbreviated past 1000 elements), then shape, dtype, device and grad state.</summary>
    public override string ToString()
    {
        var values = ToDoubleArray();
        var text = new StringBuilder("tensor(");
        bool integral = !DType.IsFloatingPoint();
        bool summarize = Numel > 1000;
        AppendValues(text, values, 0, 0, integral, summarize, 7);
        text.Append($", shape={ShapeRules.Format(shape)}, dtype={DType.Name()}");
        if (!Device.IsCpu)
        {
            text.Append($", device={Device}");
        }

        if (GradFn != null)
        {
            text.Append($", grad_fn=<{GradFn.Name}>");
        }
        else if (requiresGrad)
        {
            text.Append(", requires_grad=True");
        }

        return text.Append(')').ToString();
    }

    private void AppendValues(StringBuilder text, double[] values, int dim, int start, bool integral, bool summarize, int indent)
    {
        if (Rank == 0)
        {
            text.Append(FormatValue(values[0], integral));
            return;
        }

        int n = shape[dim];
        int block = 1;
        for (int d = dim + 1; d < Rank; d++)
        {
            block *= shape[d];
        }

        text.Append('[');
        for (int i = 0; i < n; i++)
        {
            if (summarize && n > 6 && i == 3)
            {
                text.Append(dim == Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                i = n - 3;
            }

            if (dim == Rank - 1)
            {
                text.Append(FormatValue(values[start + i], integral));
            }
            else
            {
                AppendValues(text, values, dim + 1, start + i * block, integral, summarize, indent);
            }

            if (i < n - 1)
            {
                text.Append(dim == Rank - 1 ? ", " : ",\n" + new string(' ', indent + dim + 1));
            }
        }

        text.Append(']');
    }

    private static string FormatValue(double v, bool integral)
        => integral ? ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
}
