using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>
/// Who holds each gradient during one backward pass, so that .grad can adopt a gradient without a copy and a spent
/// gradient's memory goes back to the pool at once. The pass owns the gradient tensors made during it; it keeps the
/// ones something outside it may hold (the caller's seed, whatever a hook saw, gradients adopted as .grad) and
/// disposes the others once the node that consumed them has run and no pending gradient is that tensor. Disposing
/// lets go of the tensor's own hold only: a view of it, or a node that saved it, still keeps the storage. Nothing
/// made before the pass (activations, the saved tensors a backward function may hand back) is ever disposed, and
/// backward functions never keep the gradients they are given or return.
/// </summary>
internal sealed class GradientLedger
{
    private readonly HashSet<Tensor> kept = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, int> pendingUses = new(ReferenceEqualityComparer.Instance);
    private readonly long firstSerial = Tensor.NextSerial;

    public GradientLedger(Tensor seed) => Keep(seed);

    public void Keep(Tensor gradient) => kept.Add(gradient);

    /// <summary>
    /// True (and from now on kept) when the gradient can become a .grad as it is: the pass made it, nothing outside the
    /// pass can see it, and no other tensor or node holds its storage.
    /// </summary>
    public bool TryAdopt(Tensor gradient)
        => gradient.Serial >= firstSerial && gradient.Storage.Holders == 1 && kept.Add(gradient);

    public void Pending(Tensor gradient) => pendingUses[gradient] = pendingUses.GetValueOrDefault(gradient) + 1;

    public void Taken(Tensor gradient)
    {
        int uses = pendingUses[gradient] - 1;
        if (uses == 0)
        {
            pendingUses.Remove(gradient);
        }
        else
        {
            pendingUses[gradient] = uses;
        }
    }

    /// <summary>
    /// True when a second gradient for the same tensor may be added into this pending one in place: the pass made it,
    /// nothing outside the pass can see it, no other input waits on it, no other tensor or node holds its storage, and
    /// it is dense (an expanded gradient, such as a sum's, repeats one element).
    /// </summary>
    public bool CanSumInto(Tensor gradient)
        => gradient.Serial >= firstSerial && !kept.Contains(gradient) && !pendingUses.ContainsKey(gradient)
           && gradient.Storage.Holders == 1 && gradient.IsContiguous;

    /// <summary>Disposes these no longer needed gradients, where the pass owns them and nothing else can reach them.</summary>
    public void Recycle(List<Tensor> spent)
    {
        foreach (var gradient in spent)
        {
            if (gradient.Serial >= firstSerial && !kept.Contains(gradient) && !pendingUses.ContainsKey(gradient))
            {
                gradient.Dispose();
            }
        }

        spent.Clear();
    }
}
