using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Reductions along the middle dim of a dense tensor viewed as [outer, reduce, inner] -> [outer, inner] (the device
/// twin of Cpu.ReductionKernels; the host runs one pass per run of reduced dims).
/// </summary>
public static class ReductionKernels
{
    /// <summary>Largest group the group-per-output kernels are launched with (their shared arrays hold this many).</summary>
    public const int MaxGroupSize = 256;

    /// <summary>
    /// output[o, c, i] = scale * sum over chunk c of input[o, r, i], chunk c = r in [c * chunkLength, (c + 1) * chunkLength).
    /// One group per (o, i) (grid X) and chunk (grid Y); its threads stride over the chunk, then reduce together. With
    /// chunkLength = reduce there is one chunk; a long axis with few outputs is split and the host sums the chunks.
    /// </summary>
    public static void SumRows(ArrayView<float> output, ArrayView<float> input, int outer, int reduce, int inner, int chunkLength, float scale)
    {
        int o = Grid.IdxX / inner, i = Grid.IdxX % inner, chunk = Grid.IdxY;
        int chunks = (reduce + chunkLength - 1) / chunkLength;
        int begin = chunk * chunkLength, end = XMin(begin + chunkLength, reduce);
        int t = Group.IdxX, threads = Group.DimX;
        long row = (long)o * reduce * inner + i;
        float sum = 0f;
        for (int r = begin + t; r < end; r += threads)
        {
            sum += input[row + (long)r * inner];
        }

        sum = GroupReduce.Sum(sum);
        if (t == 0)
        {
            output[((long)o * chunks + chunk) * inner + i] = sum * scale;
        }
    }

    /// <summary>
    /// The same sums with one thread per output and chunk: for short axes and for inner &gt; 1, where neighbouring
    /// threads read neighbouring elements.
    /// </summary>
    public static void SumLines(ArrayView<float> output, ArrayView<float> input, int outer, int reduce, int inner, int chunkLength, float scale)
    {
        int chunks = (reduce + chunkLength - 1) / chunkLength;
        long n = (long)outer * chunks * inner;
        for (long t = GridStride.First, step = GridStride.Step; t < n; t += step)
        {
            long i = t % inner, chunk = t / inner % chunks, o = t / ((long)inner * chunks);
            int begin = (int)chunk * chunkLength, end = XMin(begin + chunkLength, reduce);
            long line = o * reduce * inner + i;
            float sum = 0f;
            for (int r = begin; r < end; r++)
            {
                sum += input[line + (long)r * inner];
            }

            output[t] = sum * scale;
        }
    }

    /// <summary>grad_input[o, r, i] = scale * grad_output[o, i]: sum's (scale 1) and mean's (1/reduce) backward.</summary>
    public static void SumBackward(ArrayView<float> gradInput, ArrayView<float> gradOutput, int outer, int reduce, int inner, float scale)
    {
        long n = (long)outer * reduce * inner;
        for (long idx = GridStride.First, step = GridStride.Step; idx < n; idx += step)
        {
            long i = idx % inner, o = idx / ((long)inner * reduce);
            gradInput[idx] = scale * gradOutput[o * inner + i];
        }
    }

    /// <summary>
    /// output[o, i] = max_r input[o, r, i] and indices[o, i] = the first r attaining it (NaN wins, as torch.max);
    /// indices may be empty. One group per output; a tree over (value, index) pairs in shared memory.
    /// </summary>
    public static void MaxAlongDim(ArrayView<float> output, ArrayView<long> indices, ArrayView<float> input, int outer, int reduce, int inner)
    {
        var best = SharedMemory.Allocate<float>(MaxGroupSize);
        var bestIndex = SharedMemory.Allocate<int>(MaxGroupSize);
        int o = Grid.IdxX / inner, i = Grid.IdxX % inner, t = Group.IdxX, threads = Group.DimX;
        long row = (long)o * reduce * inner + i;
        float m = float.NegativeInfinity;
        int mi = reduce;  // "none yet": above every real index, so ties keep the smaller one
        for (int r = t; r < reduce; r += threads)
        {
            float v = input[row + (long)r * inner];
            if (mi == reduce || v > m || (DeviceMath.IsNaN(v) && !DeviceMath.IsNaN(m)))
            {
                m = v;
                mi = r;
            }
        }

        best[t] = m;
        bestIndex[t] = mi;
        Group.Barrier();
        for (int stride = threads / 2; stride > 0; stride >>= 1)
        {
            if (t < stride)
            {
                float a = best[t], b = best[t + stride];
                int ai = bestIndex[t], bi = bestIndex[t + stride];
                bool takeB = bi < reduce && (ai == reduce || b > a || (b == a && bi < ai) || (DeviceMath.IsNaN(b) && !DeviceMath.IsNaN(a)) || (DeviceMath.IsNaN(b) && DeviceMath.IsNaN(a) && bi < ai));
                if (takeB)
                {
                    best[t] = b;
                    bestIndex[t] = bi;
                }
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            output[(long)o * inner + i] = best[0];
            if (indices.Length > 0)
            {
                indices[(long)o * inner + i] = bestIndex[0];
            }
        }
    }

    /// <summary>grad_input[o, r, i] = r == indices[o, i] ? grad_output[o, i] : 0.</summary>
    public static void MaxAlongDimBackward(ArrayView<float> gradInput, ArrayView<float> gradOutput, ArrayView<long> indices, int outer, int reduce, int inner)
    {
        long n = (long)outer * reduce * inner;
        for (long idx = GridStride.First, step = GridStride.Step; idx < n; idx += step)
        {
            long i = idx % inner, r = idx / inner % reduce, o = idx / ((long)inner * reduce);
            long oi = o * inner + i;
            gradInput[idx] = indices[oi] == r ? gradOutput[oi] : 0f;
        }
    }

    private static int XMin(int a, int b) => a < b ? a : b;
}
