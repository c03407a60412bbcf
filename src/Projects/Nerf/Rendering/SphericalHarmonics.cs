namespace IlgpuNet.Nerf.Rendering;

/// <summary>
/// The real spherical-harmonics basis up to degree 3 (16 values) of a unit direction, the view-direction encoding of
/// Instant-NGP's NeRF (same constants and order as tiny-cuda-nn's SH encoding of degree 4).
/// </summary>
public static class SphericalHarmonics
{
    public const int Width = 16;

    public static void Encode(float x, float y, float z, Span<float> output)
    {
        float xx = x * x, yy = y * y, zz = z * z;
        output[0] = 0.28209479177387814f;
        output[1] = -0.48860251190291987f * y;
        output[2] = 0.48860251190291987f * z;
        output[3] = -0.48860251190291987f * x;
        output[4] = 1.0925484305920792f * x * y;
        output[5] = -1.0925484305920792f * y * z;
        output[6] = (0.94617469575755997f * zz) - 0.31539156525251999f;
        output[7] = -1.0925484305920792f * x * z;
        output[8] = 0.54627421529603959f * (xx - yy);
        output[9] = 0.59004358992664352f * y * (-3f * xx + yy);
        output[10] = 2.8906114426405538f * x * y * z;
        output[11] = 0.45704579946446572f * y * (1f - 5f * zz);
        output[12] = 0.3731763325901154f * z * (5f * zz - 3f);
        output[13] = 0.45704579946446572f * x * (1f - 5f * zz);
        output[14] = 1.4453057213202769f * z * (xx - yy);
        output[15] = 0.59004358992664352f * x * (-xx + 3f * yy);
    }
}
