using IlgpuNet.Layers;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// The cross products of convolution and pooling options the gradient checks run over. Pairs are written "2" (both
/// dims) or "2x3" (height x width) so each case reads as its own test name; combinations PyTorch refuses are left out.
/// </summary>
internal static class OptionCombinations
{
    public static Size2 Parse(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 1 ? int.Parse(parts[0]) : (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    // input (2, 2 groups, 7, 6), kernel 3x2
    public static TheoryData<string, string, string, int, bool> Conv2d()
    {
        var data = new TheoryData<string, string, string, int, bool>();
        foreach (var stride in new[] { "1", "2", "2x3" })
        {
            foreach (var padding in new[] { "0", "1", "2x1" })
            {
                foreach (var dilation in new[] { "1", "2", "1x2" })
                {
                    foreach (int groups in new[] { 1, 2 })
                    {
                        data.Add(stride, padding, dilation, groups, true);
                        data.Add(stride, padding, dilation, groups, false);
                    }
                }
            }
        }

        return data;
    }

    // input (2, 2 groups, 4, 3), kernel 3x2; PyTorch needs output_padding smaller than the stride or the dilation
    public static TheoryData<string, string, string, string, int> ConvTranspose2d()
    {
        var data = new TheoryData<string, string, string, string, int>();
        foreach (var stride in new[] { "1", "2", "3x2" })
        {
            foreach (var padding in new[] { "0", "1", "1x0" })
            {
                foreach (var outputPadding in new[] { "0", "1", "0x1" })
                {
                    foreach (var dilation in new[] { "1", "2", "2x1" })
                    {
                        Size2 s = Parse(stride), op = Parse(outputPadding), d = Parse(dilation);
                        if (op.H >= Math.Max(s.H, d.H) || op.W >= Math.Max(s.W, d.W))
                        {
                            continue;
                        }

                        data.Add(stride, padding, outputPadding, dilation, 1);
                        data.Add(stride, padding, outputPadding, dilation, 2);
                    }
                }
            }
        }

        return data;
    }

    // input (2, 2, 7, 6); padding at most half the kernel, as PyTorch requires
    public static TheoryData<string, string, string, string, bool> MaxPool2d()
    {
        var data = new TheoryData<string, string, string, string, bool>();
        foreach (var (kernel, stride, padding) in PoolWindows())
        {
            foreach (var dilation in new[] { "1", "2" })
            {
                data.Add(kernel, stride, padding, dilation, false);
                data.Add(kernel, stride, padding, dilation, true);
            }
        }

        return data;
    }

    // input (2, 2, 7, 6)
    public static TheoryData<string, string, string, bool, bool> AvgPool2d()
    {
        var data = new TheoryData<string, string, string, bool, bool>();
        foreach (var (kernel, stride, padding) in PoolWindows())
        {
            foreach (bool ceilMode in new[] { false, true })
            {
                data.Add(kernel, stride, padding, ceilMode, false);
                data.Add(kernel, stride, padding, ceilMode, true);
            }
        }

        return data;
    }

    private static IEnumerable<(string Kernel, string Stride, string Padding)> PoolWindows()
    {
        foreach (var kernel in new[] { "2", "3", "3x2" })
        {
            foreach (var stride in new[] { "1", "2", "2x3" })
            {
                foreach (var padding in new[] { "0", "1", "1x0" })
                {
                    yield return (kernel, stride, padding);
                }
            }
        }
    }
}
