namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>torch.optim.Adam / AdamW's hyper-parameters for step t, with the bias corrections the host computed in double.</summary>
public struct AdamSettings
{
    public float Lr, Beta1, Beta2, Eps, WeightDecay;
    public int Decoupled;

    /// <summary>lr / (1 - beta1^t).</summary>
    public float StepSize;

    /// <summary>sqrt(1 - beta2^t).</summary>
    public float BiasCorrection2Sqrt;
}
