namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The device twin of each <see cref="CompareOp"/>.</summary>
public static class Comparisons
{
    public readonly struct Equal : IComparison { public bool Holds(float a, float b) => a == b; }

    public readonly struct NotEqual : IComparison { public bool Holds(float a, float b) => a != b; }

    public readonly struct Less : IComparison { public bool Holds(float a, float b) => a < b; }

    public readonly struct LessEqual : IComparison { public bool Holds(float a, float b) => a <= b; }

    public readonly struct Greater : IComparison { public bool Holds(float a, float b) => a > b; }

    public readonly struct GreaterEqual : IComparison { public bool Holds(float a, float b) => a >= b; }
}
