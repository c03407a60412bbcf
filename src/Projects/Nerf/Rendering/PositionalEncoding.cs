namespace IlgpuNet.Nerf.Rendering;

/// <summary>
/// NeRF's frequency encoding γ(p) with the input kept, in nerf-pytorch's order: (x, y, z, sin(2⁰p), cos(2⁰p), ...,
/// sin(2^(L-1) p), cos(2^(L-1) p)), each sin/cos over the three coordinates: 3 + 6L values (63 for L = 10, 27 for L = 4).
/// The encoded values are inputs, not parameters, so this is plain arithmetic with no gradient.
/// </summary>
public static class PositionalEncoding
{
    public static int Width(int frequencies) => 3 + (6 * frequencies);

    /// <summary>Encodes one 3-vector into <paramref name="output"/> (length <see cref="Width"/>).</summary>
    public static void Encode(ReadOnlySpan<float> vector, Span<float> output, int frequencies)
    {
        output[0] = vector[0];
        output[1] = vector[1];
        output[2] = vector[2];
        float scale = 1;
        for (int l = 0, o = 3; l < frequencies; l++, o += 6, scale *= 2)
        {
            for (int d = 0; d < 3; d++)
            {
                var (sin, cos) = MathF.SinCos(scale * vector[d]);
                output[o + d] = sin;
                output[o + 3 + d] = cos;
            }
        }
    }
}
