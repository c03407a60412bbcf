using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.SGD: optional L2 weight decay, momentum with dampening (the first step's buffer is the gradient
/// itself) and Nesterov momentum. Dense float parameters take the fused kernel (<see cref="OptimizerSteps"/>).
/// </summary>
public sealed class Sgd : Optimizer
{
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this(SingleGroup(parameters), lr, momentum, dampening, weightDecay, nesterov)
    {
    }

    public Sgd(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr,
            ["momentum"] = momentum,
            ["dampening"] = dampening,
            ["weight_decay"] = weightDecay,
            ["nesterov"] = nesterov ? 1 : 0,
        })
    {
    }

    protected override void ValidateOptions(ParamGroup group)
    {
        base.ValidateOptions(group);
        if (group.Flag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
        {
            throw new ArgumentException("Sgd: Nesterov momentum requires a momentum and zero dampening");
        }
    }

    protected override void UpdateParameter(Tensor parameter, Tensor grad, ParamGroup group, ParameterState state)
    {
        double momentum = group["momentum"];
        if (OptimizerSteps.Applies(parameter))
        {
            // one fused pass; on the first step it sets the momentum buffer to the direction itself
            bool firstStep = !state.Buffers.ContainsKey("momentum_buffer");
            var momentumBuffer = momentum != 0 ? state.ZerosBuffer("momentum_buffer", parameter) : null;
            OptimizerSteps.Sgd(parameter, grad, momentumBuffer, group.Lr, momentum, group["dampening"], group["weight_decay"],
                group.Flag("nesterov"), firstStep);
            return;
        }

        var direction = GradWithL2(parameter, grad, group["weight_decay"]);
        if (momentum != 0)
        {
            if (state.Buffers.TryGetValue("momentum_buffer", out var buffer))
            {
                buffer.MulInPlace(momentum).AddInPlace(direction, 1 - group["dampening"]);
            }
            else
            {
                buffer = direction.Detach().Clone();
                state.Buffers["momentum_buffer"] = buffer;
            }

            if (group.Flag("nesterov"))
            {
                var lookahead = Scratch.Get(1, parameter);
                RawOps.BinaryInto(lookahead, direction, buffer, BinaryOp.AddScaled, momentum);
                direction = lookahead;
            }
            else
            {
                direction = buffer;
            }
        }

        parameter.AddInPlace(direction, -group.Lr);
    }
}
