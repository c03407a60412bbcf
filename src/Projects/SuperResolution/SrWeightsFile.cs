using System.Globalization;

namespace IlgpuNet.SuperResolution;

/// <summary>A loaded weights file: where it came from, the network and the metadata it was saved with.</summary>
public sealed record SrWeightsFile(string Path, SrNetwork Network, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Validation PSNR recorded at the end of training (held-out training-pool images); NaN when absent.</summary>
    public double ValidationPsnr =>
        Metadata.TryGetValue("val_psnr", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value : double.NaN;
}
