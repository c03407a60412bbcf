using IlgpuNet.Autograd;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// torch.nn.init: in-place initialisers drawing from a seeded <see cref="Generator"/> (the default generator when
/// none is given, so <c>Tensor.ManualSeed</c> makes model construction deterministic). Each returns its tensor.
/// </summary>
public static class Init
{
    /// <summary>The recommended gain for a nonlinearity (nn.init.calculate_gain).</summary>
    public static double CalculateGain(string nonlinearity, double? param = null) => nonlinearity switch
    {
        "linear" or "identity" or "sigmoid" or "conv1d" or "conv2d" or "conv3d"
            or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" => 1.0,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException($"calculate_gain: unsupported nonlinearity \"{nonlinearity}\""),
    };

    /// <summary>fan_in = size(1) * receptive field, fan_out = size(0) * receptive field (tensors of rank ≥ 2).</summary>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        if (tensor.Rank < 2)
        {
            throw new ArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }

        int receptive = 1;
        for (int d = 2; d < tensor.Rank; d++)
        {
            receptive *= tensor.Size(d);
        }

        return (tensor.Size(1) * receptive, tensor.Size(0) * receptive);
    }

    public static Tensor Uniform(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
    {
        using (GradMode.NoGrad())
        {
            return tensor.UniformInPlace(low, high, generator);
        }
    }

    public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        using (GradMode.NoGrad())
        {
            return tensor.NormalInPlace(mean, std, generator);
        }
    }

    public static Tensor Constant(Tensor tensor, double value)
    {
        using (GradMode.NoGrad())
        {
            return tensor.FillInPlace(value);
        }
    }

    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>U(-b, b), b = gain sqrt(6 / (fan_in + fan_out)) (Glorot).</summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        double bound = Math.Sqrt(3.0) * gain * Math.Sqrt(2.0 / (fanIn + fanOut));
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>N(0, std²), std = gain sqrt(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }

    /// <summary>U(-b, b), b = gain(nonlinearity, a) sqrt(3 / fan) (He); a is leaky_relu's negative slope.</summary>
    public static Tensor KaimingUniform(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn, string nonlinearity = "leaky_relu",
        Generator? generator = null)
    {
        double std = CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        double bound = Math.Sqrt(3.0) * std;
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>N(0, std²), std = gain(nonlinearity, a) / sqrt(fan).</summary>
    public static Tensor KaimingNormal(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn, string nonlinearity = "leaky_relu",
        Generator? generator = null)
        => Normal(tensor, 0, CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode)), generator);

    private static int Fan(Tensor tensor, FanMode mode)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        return fan > 0 ? fan : throw new ArgumentException("kaiming init: initializing zero-element tensors is a no-op");
    }

    /// <summary>PyTorch's default for Linear/Conv: kaiming_uniform(a=√5) weight, U(±1/√fan_in) bias.</summary>
    internal static void DefaultLayerInit(Tensor weight, Tensor? bias, Generator? generator)
    {
        KaimingUniform(weight, a: Math.Sqrt(5), generator: generator);
        if (bias != null)
        {
            int fanIn = CalculateFanInAndFanOut(weight).FanIn;
            double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
            Uniform(bias, -bound, bound, generator);
        }
    }
}
