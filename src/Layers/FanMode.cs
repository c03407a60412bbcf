namespace IlgpuNet.Layers;

/// <summary>Which fan kaiming initialisation preserves: the forward pass's variance (FanIn) or the backward's (FanOut).</summary>
public enum FanMode
{
    FanIn,
    FanOut,
}
