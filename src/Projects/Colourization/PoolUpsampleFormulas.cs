namespace IlgpuNet.Colourization;

/// <summary>
/// PoolUpsampleNet's weights, outputs and connections in closed form, by the conventions of <see cref="LayerCensus"/>
/// (batch norm and ReLU left out), for kernel k and an H×W input (HW = H·W; H and W multiples of 4):
/// <list type="bullet">
/// <item>weights = k²(NIC·NF + 4NF² + NF·NC + NC²) + 4NF + 2NC (kernels NIC·NF, NF·2NF, 2NF·NF, NF·NC, NC·NC; biases NF, 2NF, NF, NC, NC);</item>
/// <item>outputs = HW(35NF/16 + 9NC/4) (conv1 NF·HW, pool NF·HW/4, conv2 2NF·HW/4, pool 2NF·HW/16, conv3 NF·HW/16, upsample NF·HW/4, conv4 NC·HW/4, upsample NC·HW, conv5 NC·HW);</item>
/// <item>connections = HW(k²(NIC·NF + 5NF²/8 + NF·NC/4 + NC²) + 7NF/4 + NC) (each conv output k²·Cin, each pool output 4, each upsampled output 1).</item>
/// </list>
/// Weights do not depend on the input size; outputs and connections grow with HW, four times for doubled H and W.
/// </summary>
public static class PoolUpsampleFormulas
{
    public const string WeightsText = "k²(NIC·NF + 4NF² + NF·NC + NC²) + 4NF + 2NC";
    public const string OutputsText = "HW(35NF/16 + 9NC/4)";
    public const string ConnectionsText = "HW(k²(NIC·NF + 5NF²/8 + NF·NC/4 + NC²) + 7NF/4 + NC)";

    public static LayerCensus.Totals Of(int kernel, int nic, int nf, int nc, int height, int width)
    {
        if (height % 4 != 0 || width % 4 != 0)
        {
            throw new ArgumentException($"the formulas hold for H and W multiples of 4, got {height}×{width}");
        }

        long k2 = (long)kernel * kernel, hw = (long)height * width;
        long weights = k2 * ((long)nic * nf + 4L * nf * nf + (long)nf * nc + (long)nc * nc) + 4L * nf + 2L * nc;
        // HW·35NF/16 and HW·9NC/4 are whole numbers: HW is a multiple of 16
        long outputs = hw * 35 * nf / 16 + hw * 9 * nc / 4;
        long connections = hw * k2 * nic * nf + hw * k2 * 5 * nf * nf / 8 + hw * k2 * nf * nc / 4 + hw * k2 * nc * nc + hw * 7 * nf / 4 + hw * nc;
        return new LayerCensus.Totals(weights, outputs, connections);
    }
}
