using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// Inverted dropout with a Philox mask: element i is kept when uniform i of the generator's next draw is below
/// 1 - p, on every backend, so the same seed drops the same elements on the CPU and on a device.
/// </summary>
public static class DropoutFunctions
{
    // y = x * keep / (1 - p), keep_i = [u_i < 1 - p]        dx = g * keep / (1 - p)
    public static Tensor Dropout(Tensor x, double p, Generator? generator)
    {
        if (x.Device.IsCpu)
        {
            using var keep = Tensor.Bernoulli(x.Shape, 1 - p, x.DType, generator);
            using var scale = keep.Mul(1.0 / (1 - p));
            return x.Mul(scale); // the product's node holds the scaled mask
        }

        // the draw Bernoulli makes: one uniform per element from the generator's next blocks
        var gen = generator ?? Generator.Default;
        ulong offset = gen.Advance(Philox.BlocksForUniform(x.Numel));
        var xd = KernelBuffers.Dense(x);
        DeviceTensor.RequireFloat32("dropout", x);
        var y = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
        var mask = RawOps.Empty(x.ShapeRef, DType.UInt8, x.Device);
        DeviceDropout.Forward(xd, p, gen.Seed, offset, y, mask);
        return Graph.Record("DropoutBackward", y, [x], g =>
        {
            var dx = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
            DeviceDropout.Backward(KernelBuffers.Dense(g), mask, p, dx);
            return [dx];
        }, saved: [mask]);
    }
}
