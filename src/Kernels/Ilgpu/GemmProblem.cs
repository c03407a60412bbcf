namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// The scalar arguments of one strided-batched SGEMM, as Cpu.Gemm.SgemmStridedBatched takes them: C = alpha op(A) op(B)
/// + beta C, row-major, lda/ldb/ldc row strides, matrix b of the batch at offset + b * stride (stride 0 broadcasts).
/// </summary>
public struct GemmProblem
{
    public int TransA, TransB, M, N, K;
    public float Alpha, Beta;
    public long AOffset, StrideA, BOffset, StrideB, COffset, StrideC;
    public int Lda, Ldb, Ldc;
}
