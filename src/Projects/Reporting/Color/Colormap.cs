namespace IlgpuNet.Reporting;

/// <summary>How a scalar in [0, 1] becomes a colour.</summary>
public enum Colormap
{
    /// <summary>Perceptually uniform dark purple to yellow (matplotlib's default).</summary>
    Viridis,

    /// <summary>Black to white.</summary>
    Gray,
}
