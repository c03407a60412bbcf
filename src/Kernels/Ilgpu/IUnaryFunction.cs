namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// A pointwise function y = f(x; p0, p1). The elementwise kernels take it as a generic struct parameter, so ILGPU
/// compiles one specialised kernel per function (no op-code switch in the loop).
/// </summary>
public interface IUnaryFunction
{
    float Apply(float x, float p0, float p1);
}
