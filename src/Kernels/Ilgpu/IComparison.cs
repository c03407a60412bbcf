namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>A comparison a op b; the compare kernel stores it as a bool byte.</summary>
public interface IComparison
{
    bool Holds(float a, float b);
}
