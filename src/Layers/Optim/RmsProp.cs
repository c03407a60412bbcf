using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.RMSprop: running mean of squared gradients (alpha), optionally centered by the running mean of
/// gradients, optional momentum buffer, L2 weight decay added to the gradient.
/// </summary>
public sealed class RmsProp : Optimizer
{
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : this(SingleGroup(parameters), lr, alpha, eps, weightDecay, momentum, centered)
    {
    }

    public RmsProp(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["alpha"] = alpha,
            ["eps"] = eps,
            ["weight_decay"] = weightDecay,
            ["momentum"] = momentum,
            ["centered"] = centered ? 1 : 0,
        })
    {
    }

    protected override void ValidateOptions(ParamGroup group)
    {
        base.ValidateOptions(group);
        if (group["alpha"] < 0)
        {
            throw new ArgumentException($"RmsProp: invalid alpha value: {group["alpha"]}");
        }
    }

    protected override void UpdateParameter(Tensor parameter, Tensor grad, ParamGroup group, ParameterState state)
    {
        double alpha = group["alpha"], momentum = group["momentum"];
        grad = GradWithL2(parameter, grad, group["weight_decay"]);
        var squareAvg = state.ZerosBuffer("square_avg", parameter);
        var avg = Scratch.Get(1, parameter);

        RawOps.BinaryInto(avg, grad, grad, BinaryOp.Mul);
        squareAvg.MulInPlace(alpha).AddInPlace(avg, 1 - alpha);
        if (group.Flag("centered"))
        {
            // variance estimate: square_avg - grad_avg²
            var gradAvg = state.ZerosBuffer("grad_avg", parameter);
            gradAvg.MulInPlace(alpha).AddInPlace(grad, 1 - alpha);
            RawOps.BinaryInto(avg, gradAvg, gradAvg, BinaryOp.Mul);
            RawOps.BinaryInto(avg, squareAvg, avg, BinaryOp.Sub);
            RawOps.UnaryInto(avg, avg, UnaryOp.Sqrt);
        }
        else
        {
            RawOps.UnaryInto(avg, squareAvg, UnaryOp.Sqrt);
        }

        RawOps.UnaryInto(avg, avg, UnaryOp.Affine, 1, group["eps"]);
        RawOps.BinaryInto(avg, grad, avg, BinaryOp.Div);
        if (momentum > 0)
        {
            var buffer = state.ZerosBuffer("momentum_buffer", parameter);
            buffer.MulInPlace(momentum).AddInPlace(avg);
            parameter.AddInPlace(buffer, -group.Lr);
        }
        else
        {
            parameter.AddInPlace(avg, -group.Lr);
        }
    }
}
