namespace IlgpuNet.Tensors;

/// <summary>
/// The tensors one computation (a module's forward, a composite loss) makes on its way and hands on. Releasing one
/// gives its memory back to the pool at once (a graph node that saved it for backward keeps it until then), as
/// Python's reference counting frees PyTorch's intermediates when a name is rebound. Only tensors made after this
/// was created are released, and never the computation's input nor the tensor an intermediate became: a submodule
/// that returns its input (Identity), a parameter, or a tensor some module keeps from an earlier call is left alone,
/// and a tensor a hook saw is shared (<see cref="Tensor.IsShared"/>) and left to the garbage collector.
/// </summary>
public readonly struct Intermediates
{
    private readonly Tensor input;
    private readonly long firstSerial;

    public Intermediates(Tensor input)
    {
        this.input = input;
        firstSerial = Tensor.NextSerial;
    }

    /// <summary>Runs <paramref name="step"/> on <paramref name="x"/> and releases x (unless the step returned it).</summary>
    public Tensor Then(Tensor x, Func<Tensor, Tensor> step)
    {
        var y = step(x);
        Release(x, y);
        return y;
    }

    /// <summary>Releases <paramref name="spent"/>, unless it is the input, <paramref name="result"/>, or older than this computation.</summary>
    public void Release(Tensor spent, Tensor result)
    {
        if (!ReferenceEquals(spent, input) && !ReferenceEquals(spent, result) && spent.Serial >= firstSerial)
        {
            spent.Dispose();
        }
    }
}
