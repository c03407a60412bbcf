using IlgpuNet.Layers;

namespace IlgpuNet.Detection;

/// <summary>A <see cref="YoloLoss"/> read back: the weighted total and its box, objectness and classification terms.</summary>
public readonly record struct LossTerms(double Total, double Box, double Objectness, double Classification)
{
    public static LossTerms Of(YoloLossParts parts) => new(parts.Total.Item(), parts.Box.Item(), parts.Objectness.Item(), parts.Classification.Item());

    public static LossTerms operator +(LossTerms a, LossTerms b) => new(a.Total + b.Total, a.Box + b.Box, a.Objectness + b.Objectness, a.Classification + b.Classification);

    public static LossTerms operator /(LossTerms a, double divisor) => new(a.Total / divisor, a.Box / divisor, a.Objectness / divisor, a.Classification / divisor);
}
