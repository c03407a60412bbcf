namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>A pointwise function y = g(a, b; p0, p1); the *Grad functions take (upstream gradient, saved value).</summary>
public interface IBinaryFunction
{
    float Apply(float a, float b, float p0, float p1);
}
