using IlgpuNet.Data;

namespace IlgpuNet.Tests.Data;

internal static class Assertions
{
    public static void Close(FloatImage expected, FloatImage actual, double tolerance)
    {
        Assert.Equal((expected.Channels, expected.Height, expected.Width), (actual.Channels, actual.Height, actual.Width));
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Data.Length; i++)
        {
            double difference = Math.Abs((double)expected.Data[i] - actual.Data[i]);
            if (!(difference <= worst))
            {
                worst = difference;
                worstIndex = i;
            }
        }

        Assert.True(worst <= tolerance, $"max |difference| {worst} at element {worstIndex} exceeds {tolerance}");
    }
}
