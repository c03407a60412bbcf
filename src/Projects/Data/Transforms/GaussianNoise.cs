namespace IlgpuNet.Data.Transforms;

/// <summary>Adds independent N(mean, std) to every value; optionally clamps to [0, 1] after.</summary>
public sealed class GaussianNoise(float std, float mean = 0f, bool clampToUnit = false) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        var result = image.Clone();
        var data = result.Data;
        for (int i = 0; i < data.Length; i++)
        {
            float value = data[i] + mean + std * (float)RandomDraw.Normal(random);
            data[i] = clampToUnit ? Math.Clamp(value, 0f, 1f) : value;
        }

        return result;
    }
}
