namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>torch.optim.SGD's hyper-parameters for one fused step (flags as 0/1).</summary>
public struct SgdSettings
{
    public float Lr, Momentum, Dampening, WeightDecay;
    public int Nesterov, FirstStep;
}
