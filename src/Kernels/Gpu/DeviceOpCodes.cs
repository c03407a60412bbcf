namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// The device op code of each elementwise op the CPU kernels know (<see cref="Kernels.UnaryOp"/>,
/// <see cref="Kernels.BinaryOp"/>, <see cref="Kernels.CompareOp"/>): elementwise.cu numbers its ops on its own, so the
/// two enums meet here and nowhere else.
/// </summary>
public static class DeviceOpCodes
{
    public static UnaryOp ToDevice(this Kernels.UnaryOp op) => op switch
    {
        Kernels.UnaryOp.Identity => UnaryOp.Identity,
        Kernels.UnaryOp.Neg => UnaryOp.Neg,
        Kernels.UnaryOp.Exp => UnaryOp.Exp,
        Kernels.UnaryOp.Log => UnaryOp.Log,
        Kernels.UnaryOp.Sqrt => UnaryOp.Sqrt,
        Kernels.UnaryOp.Rsqrt => UnaryOp.Rsqrt,
        Kernels.UnaryOp.Abs => UnaryOp.Abs,
        Kernels.UnaryOp.Sin => UnaryOp.Sin,
        Kernels.UnaryOp.Cos => UnaryOp.Cos,
        Kernels.UnaryOp.Sigmoid => UnaryOp.Sigmoid,
        Kernels.UnaryOp.Tanh => UnaryOp.Tanh,
        Kernels.UnaryOp.Relu => UnaryOp.Relu,
        Kernels.UnaryOp.Sign => UnaryOp.Sign,
        Kernels.UnaryOp.Square => UnaryOp.Square,
        Kernels.UnaryOp.Reciprocal => UnaryOp.Reciprocal,
        Kernels.UnaryOp.Floor => UnaryOp.Floor,
        Kernels.UnaryOp.Ceil => UnaryOp.Ceil,
        Kernels.UnaryOp.Log1p => UnaryOp.Log1p,
        Kernels.UnaryOp.PowScalar => UnaryOp.PowScalar,
        Kernels.UnaryOp.Clamp => UnaryOp.Clamp,
        Kernels.UnaryOp.LeakyRelu => UnaryOp.LeakyRelu,
        Kernels.UnaryOp.Elu => UnaryOp.Elu,
        Kernels.UnaryOp.Gelu => UnaryOp.Gelu,
        Kernels.UnaryOp.Softplus => UnaryOp.Softplus,
        Kernels.UnaryOp.Affine => UnaryOp.Affine,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no device op code"),
    };

    public static BinaryOp ToDevice(this Kernels.BinaryOp op) => op switch
    {
        Kernels.BinaryOp.Add => BinaryOp.Add,
        Kernels.BinaryOp.Sub => BinaryOp.Sub,
        Kernels.BinaryOp.Mul => BinaryOp.Mul,
        Kernels.BinaryOp.Div => BinaryOp.Div,
        Kernels.BinaryOp.Pow => BinaryOp.Pow,
        Kernels.BinaryOp.Maximum => BinaryOp.Max,
        Kernels.BinaryOp.Minimum => BinaryOp.Min,
        Kernels.BinaryOp.AddScaled => BinaryOp.AddScaled,
        Kernels.BinaryOp.ReluGrad => BinaryOp.ReluBackward,
        Kernels.BinaryOp.SigmoidGrad => BinaryOp.SigmoidBackward,
        Kernels.BinaryOp.TanhGrad => BinaryOp.TanhBackward,
        Kernels.BinaryOp.ClampGrad => BinaryOp.ClampBackward,
        Kernels.BinaryOp.LeakyReluGrad => BinaryOp.LeakyReluBackward,
        Kernels.BinaryOp.EluGrad => BinaryOp.EluBackward,
        Kernels.BinaryOp.GeluGrad => BinaryOp.GeluBackward,
        Kernels.BinaryOp.SoftplusGrad => BinaryOp.SoftplusBackward,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no device op code"),
    };

    public static BinaryOp ToDevice(this CompareOp op) => op switch
    {
        CompareOp.Equal => BinaryOp.Eq,
        CompareOp.NotEqual => BinaryOp.Ne,
        CompareOp.Less => BinaryOp.Lt,
        CompareOp.LessEqual => BinaryOp.Le,
        CompareOp.Greater => BinaryOp.Gt,
        CompareOp.GreaterEqual => BinaryOp.Ge,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no device op code"),
    };
}
