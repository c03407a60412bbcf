namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Elementwise work a GEMM can do on the way, instead of a pass of its own over a large matrix: rectify (max(·, 0))
/// the elements of op(A) or op(B) as they are packed, or keep C only where a mask matrix of C's shape is positive
/// (ReLU's backward), as the last k block stores it. A ReLU followed by a linear layer then costs no pass at all:
/// forward, relu(h) @ Wᵀ rectifies A; backward, dW = gᵀ @ relu(h) rectifies B and dh = (g @ W) ⊙ [h &gt; 0] masks C.
/// </summary>
[Flags]
public enum GemmFusion
{
    None = 0,
    RectifiedA = 1,
    RectifiedB = 2,
    PositiveMask = 4,
}
