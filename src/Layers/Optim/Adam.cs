using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.Adam: bias-corrected first and second moments, optional AMSGrad, weight decay as an L2 term
/// added to the gradient. <see cref="AdamW"/> reuses the rule with decoupled decay. Dense float parameters take the
/// fused kernel (<see cref="OptimizerSteps"/>; AMSGrad composes the update from tensor ops).
/// </summary>
public class Adam : Optimizer
{
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this(SingleGroup(parameters), lr, beta1, beta2, eps, weightDecay, amsgrad)
    {
    }

    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay: false)
    {
    }

    private protected Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupledWeightDecay)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["beta1"] = beta1,
            ["beta2"] = beta2,
            ["eps"] = eps,
            ["weight_decay"] = weightDecay,
            ["amsgrad"] = amsgrad ? 1 : 0,
        })
    {
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    /// <summary>True for AdamW: decay shrinks the parameter (p *= 1 - lr * wd) instead of entering the moments.</summary>
    public bool DecoupledWeightDecay { get; }

    protected override void ValidateOptions(ParamGroup group)
    {
        base.ValidateOptions(group);
        foreach (var beta in new[] { "beta1", "beta2" })
        {
            if (group[beta] is < 0 or >= 1)
            {
                throw new ArgumentException($"{GetType().Name}: invalid {beta} parameter: {group[beta]}");
            }
        }
    }

    protected override void UpdateParameter(Tensor parameter, Tensor grad, ParamGroup group, ParameterState state)
    {
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"], weightDecay = group["weight_decay"];
        if (OptimizerSteps.Applies(parameter) && !group.Flag("amsgrad"))
        {
            OptimizerSteps.Adam(parameter, grad, state.ZerosBuffer("exp_avg", parameter), state.ZerosBuffer("exp_avg_sq", parameter),
                lr, beta1, beta2, group["eps"], weightDecay, DecoupledWeightDecay, state.Step);
            return;
        }

        if (DecoupledWeightDecay)
        {
            parameter.MulInPlace(1 - lr * weightDecay);
        }
        else
        {
            grad = GradWithL2(parameter, grad, weightDecay);
        }

        var expAvg = state.ZerosBuffer("exp_avg", parameter);
        var expAvgSq = state.ZerosBuffer("exp_avg_sq", parameter);
        var work = Scratch.Get(1, parameter);

        expAvg.MulInPlace(beta1).AddInPlace(grad, 1 - beta1);
        RawOps.BinaryInto(work, grad, grad, BinaryOp.Mul);
        expAvgSq.MulInPlace(beta2).AddInPlace(work, 1 - beta2);

        double biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, state.Step));
        var secondMoment = expAvgSq;
        if (group.Flag("amsgrad"))
        {
            secondMoment = state.ZerosBuffer("max_exp_avg_sq", parameter);
            RawOps.BinaryInto(secondMoment, secondMoment, expAvgSq, BinaryOp.Maximum);
        }

        // denom = sqrt(v) / sqrt(bc2) + eps; then p -= lr / bc1 * m / denom
        RawOps.UnaryInto(work, secondMoment, UnaryOp.Sqrt);
        RawOps.BinaryInto(work, work, Tensor.Scalar(biasCorrection2Sqrt, parameter.DType, parameter.Device), BinaryOp.Div);
        RawOps.UnaryInto(work, work, UnaryOp.Affine, 1, group["eps"]);
        RawOps.BinaryInto(work, expAvg, work, BinaryOp.Div);
        parameter.AddInPlace(work, -lr / biasCorrection1);
    }
}
