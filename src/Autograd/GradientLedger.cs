using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>
/// Who holds each gradient storage during one backward pass, so that .grad can adopt a gradient without a copy and a
/// spent gradient's memory is reused at once. Storages something outside the pass may hold (the caller's seed,
/// whatever a hook saw, gradients adopted as .grad) are shared: never adopted twice, never reused. The others are
/// counted while pending, and recycled once the node that consumed them has run and no pending gradient uses them.
/// Only host storages allocated during the pass qualify, so nothing made before it (activations, the saved tensors of
/// a custom function) is ever touched; backward functions never keep the gradients they are given.
/// </summary>
internal sealed class GradientLedger
{
    private readonly HashSet<Storage> shared = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Storage, int> pendingUses = new(ReferenceEqualityComparer.Instance);
    private readonly long firstSerial = Storage.AllocationCount;

    public GradientLedger(Tensor seed) => Share(seed);

    public void Share(Tensor gradient) => shared.Add(gradient.Storage);

    /// <summary>True (and from now on shared) when nothing else holds the gradient's storage.</summary>
    public bool TryAdopt(Tensor gradient) => shared.Add(gradient.Storage);

    public void Pending(Tensor gradient) => pendingUses[gradient.Storage] = pendingUses.GetValueOrDefault(gradient.Storage) + 1;

    public void Taken(Tensor gradient)
    {
        int uses = pendingUses[gradient.Storage] - 1;
        if (uses == 0)
        {
            pendingUses.Remove(gradient.Storage);
        }
        else
        {
            pendingUses[gradient.Storage] = uses;
        }
    }

    /// <summary>Gives the memory of these no longer needed gradients back, where nothing else can reach it.</summary>
    public void Recycle(List<Tensor> spent)
    {
        foreach (var gradient in spent)
        {
            var storage = gradient.Storage;
            if (storage.Serial >= firstSerial && !shared.Contains(storage) && !pendingUses.ContainsKey(storage))
            {
                storage.Recycle();
            }
        }

        spent.Clear();
    }
}
